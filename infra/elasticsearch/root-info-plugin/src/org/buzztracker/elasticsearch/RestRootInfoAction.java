package org.buzztracker.elasticsearch;

import static org.elasticsearch.rest.RestRequest.Method.GET;
import static org.elasticsearch.rest.RestRequest.Method.HEAD;

import java.util.List;

import org.elasticsearch.Build;
import org.elasticsearch.action.ActionListener;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.common.bytes.BytesArray;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestChannel;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.xcontent.XContentBuilder;

/**
 * Answers GET / with the node, cluster and build facts that clients and Kibana read; HEAD / with
 * 200. Both run {@link RootInfoAction}, so with security on they need its cluster privilege.
 */
public class RestRootInfoAction extends BaseRestHandler {
    @Override
    public String getName() {
        return "buzztracker_root_info_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(GET, "/"), new Route(HEAD, "/"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        boolean head = request.method() == HEAD;
        return channel -> client.execute(RootInfoAction.TYPE, new RootInfoAction.Request(), new ActionListener<>() {
            @Override
            public void onResponse(RootInfoAction.Response response) {
                try {
                    channel.sendResponse(
                        head
                            ? new RestResponse(RestStatus.OK, RestResponse.TEXT_CONTENT_TYPE, BytesArray.EMPTY)
                            : new RestResponse(RestStatus.OK, describe(channel, response))
                    );
                } catch (Exception e) {
                    onFailure(e);
                }
            }

            @Override
            public void onFailure(Exception e) {
                try {
                    channel.sendResponse(new RestResponse(channel, e));
                } catch (Exception inner) {
                    inner.addSuppressed(e);
                    throw new IllegalStateException(inner);
                }
            }
        });
    }

    private static XContentBuilder describe(RestChannel channel, RootInfoAction.Response response) throws java.io.IOException {
        Build build = Build.current();
        XContentBuilder builder = channel.newBuilder();
        builder.startObject();
        builder.field("name", response.nodeName);
        builder.field("cluster_name", response.clusterName);
        builder.field("cluster_uuid", response.clusterUuid);
        builder.startObject("version")
            .field("number", build.qualifiedVersion())
            .field("build_flavor", build.flavor())
            .field("build_type", build.type().displayName())
            .field("build_hash", build.hash())
            .field("build_date", build.date())
            .field("build_snapshot", build.isSnapshot())
            .field("lucene_version", org.apache.lucene.util.Version.LATEST.toString())
            .field("minimum_wire_compatibility_version", build.minWireCompatVersion())
            .field("minimum_index_compatibility_version", build.minIndexCompatVersion())
            .endObject();
        builder.field("tagline", "You Know, for Search");
        builder.endObject();
        return builder;
    }
}
