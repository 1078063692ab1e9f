package org.buzztracker.elasticsearch;

import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.ActionRequest;
import org.elasticsearch.action.ActionRequestValidationException;
import org.elasticsearch.action.ActionResponse;
import org.elasticsearch.action.ActionType;
import org.elasticsearch.action.support.ActionFilters;
import org.elasticsearch.action.support.TransportAction;
import org.elasticsearch.cluster.ClusterState;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.common.util.concurrent.EsExecutors;
import org.elasticsearch.injection.guice.Inject;
import org.elasticsearch.tasks.Task;
import org.elasticsearch.transport.TransportService;

/**
 * The node's name and its cluster's name and id, read from the local cluster state. It carries
 * the name of the action behind GET / on a full distribution, {@code cluster:monitor/main}, so
 * that with security on the same cluster privilege guards it here as there.
 */
public final class RootInfoAction {
    public static final ActionType<Response> TYPE = new ActionType<>("cluster:monitor/main");

    private RootInfoAction() {}

    public static final class Request extends ActionRequest {
        @Override
        public ActionRequestValidationException validate() {
            return null;
        }
    }

    public static final class Response extends ActionResponse {
        final String nodeName;
        final String clusterName;
        final String clusterUuid;

        Response(String nodeName, String clusterName, String clusterUuid) {
            this.nodeName = nodeName;
            this.clusterName = clusterName;
            this.clusterUuid = clusterUuid;
        }

        @Override
        public void writeTo(StreamOutput out) {
            TransportAction.localOnly();
        }
    }

    public static final class Transport extends TransportAction<Request, Response> {
        private final ClusterService clusterService;

        @Inject
        public Transport(TransportService transportService, ActionFilters actionFilters, ClusterService clusterService) {
            super(TYPE.name(), actionFilters, transportService.getTaskManager(), EsExecutors.DIRECT_EXECUTOR_SERVICE);
            this.clusterService = clusterService;
        }

        @Override
        protected void doExecute(Task task, Request request, ActionListener<Response> listener) {
            ClusterState state = clusterService.state();
            listener.onResponse(
                new Response(clusterService.getNodeName(), state.getClusterName().value(), state.metadata().clusterUUID())
            );
        }
    }
}
