/*
 * A streaming bz2 decoder over the system's libbz2, for Node through N-API. A Decoder takes a
 * member's bytes in pieces (push) and returns what they decode to. It decodes every stream of a
 * member written as several (pbzip2), ignores what follows the last stream when it is not a bz2
 * header (as `bzip2 -dc` does), and on damage keeps what it decoded before and reports the damage
 * instead of throwing, so that the caller can pass the decoded part on and then name the damage.
 */
#include <bzlib.h>
#include <node_api.h>
#include <stdlib.h>

#define OUTPUT_CHUNK (1 << 20)

enum phase { BETWEEN_STREAMS, IN_STREAM, TRAILING, DAMAGED, FINISHED };

typedef struct {
  bz_stream stream;
  enum phase phase;
  /* Streams that ended well: after one, bytes that are not a bz2 header are trailing garbage. */
  unsigned streams;
  const char *damage;
  char *output;
} Decoder;

#define CHECK(call)                                                                                \
  do {                                                                                             \
    if ((call) != napi_ok) return NULL;                                                            \
  } while (0)

/*
 * Frees libbz2's state (about 3.6 MB while in a stream) and the output buffer at once: a finished
 * member must not hold them until the garbage collector, which does not see them, finalizes it.
 */
static void release(napi_env env, Decoder *decoder) {
  if (decoder->phase == IN_STREAM) BZ2_bzDecompressEnd(&decoder->stream);
  if (decoder->output != NULL) {
    free(decoder->output);
    decoder->output = NULL;
    int64_t ignored;
    if (env != NULL) napi_adjust_external_memory(env, -OUTPUT_CHUNK, &ignored);
  }
  decoder->phase = FINISHED;
}

static void finalize(napi_env env, void *data, void *hint) {
  Decoder *decoder = data;
  release(env, decoder);
  free(decoder);
}

static napi_value construct(napi_env env, napi_callback_info info) {
  napi_value self;
  CHECK(napi_get_cb_info(env, info, NULL, NULL, &self, NULL));
  Decoder *decoder = calloc(1, sizeof(Decoder));
  if (decoder != NULL) decoder->output = malloc(OUTPUT_CHUNK);
  if (decoder == NULL || decoder->output == NULL) {
    free(decoder);
    napi_throw_error(env, "ENOMEM", "out of memory for a bz2 decoder");
    return NULL;
  }
  decoder->phase = BETWEEN_STREAMS;
  int64_t ignored;
  CHECK(napi_adjust_external_memory(env, OUTPUT_CHUNK, &ignored));
  CHECK(napi_wrap(env, self, decoder, finalize, NULL, NULL));
  return self;
}

static Decoder *unwrap(napi_env env, napi_callback_info info, size_t *argc, napi_value *argv) {
  napi_value self;
  void *data;
  if (napi_get_cb_info(env, info, argc, argv, &self, NULL) != napi_ok) return NULL;
  if (napi_unwrap(env, self, &data) != napi_ok) return NULL;
  return data;
}

static void end_stream(Decoder *decoder, enum phase next) {
  BZ2_bzDecompressEnd(&decoder->stream);
  decoder->phase = next;
}

/* Appends the decoded bytes of the scratch buffer to `chunks` as a Buffer of their own. */
static int flush(napi_env env, Decoder *decoder, napi_value chunks, uint32_t *count) {
  size_t length = OUTPUT_CHUNK - decoder->stream.avail_out;
  if (length == 0) return 1;
  napi_value chunk;
  if (napi_create_buffer_copy(env, length, decoder->output, NULL, &chunk) != napi_ok) return 0;
  if (napi_set_element(env, chunks, (*count)++, chunk) != napi_ok) return 0;
  decoder->stream.next_out = decoder->output;
  decoder->stream.avail_out = OUTPUT_CHUNK;
  return 1;
}

static const char *describe(int code) {
  switch (code) {
  case BZ_DATA_ERROR: return "a block fails its check (the data is damaged)";
  case BZ_DATA_ERROR_MAGIC: return "it does not start with a bz2 header";
  case BZ_MEM_ERROR: return "libbz2 ran out of memory";
  default: return "libbz2 refused it";
  }
}

/* push(piece: Buffer): Buffer[] — what the piece decodes to; after damage, nothing more. */
static napi_value push(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  Decoder *decoder = unwrap(env, info, &argc, argv);
  if (decoder == NULL) return NULL;
  char *input;
  size_t length;
  if (argc < 1 || napi_get_buffer_info(env, argv[0], (void **)&input, &length) != napi_ok) {
    napi_throw_type_error(env, NULL, "push takes a Buffer");
    return NULL;
  }
  if (decoder->phase == FINISHED) {
    napi_throw_error(env, NULL, "push after finish");
    return NULL;
  }
  napi_value chunks;
  uint32_t count = 0;
  CHECK(napi_create_array(env, &chunks));
  bz_stream *stream = &decoder->stream;
  stream->next_in = input;
  stream->avail_in = (unsigned)length;
  while (stream->avail_in > 0 && (decoder->phase == BETWEEN_STREAMS || decoder->phase == IN_STREAM)) {
    if (decoder->phase == BETWEEN_STREAMS) {
      char *next_in = stream->next_in;
      unsigned avail_in = stream->avail_in;
      int code = BZ2_bzDecompressInit(stream, 0, 0);
      if (code != BZ_OK) {
        napi_throw_error(env, NULL, describe(code));
        return NULL;
      }
      stream->next_in = next_in;
      stream->avail_in = avail_in;
      stream->next_out = decoder->output;
      stream->avail_out = OUTPUT_CHUNK;
      decoder->phase = IN_STREAM;
    }
    int code = BZ2_bzDecompress(stream);
    if (code == BZ_STREAM_END) {
      decoder->streams++;
      end_stream(decoder, BETWEEN_STREAMS);
    } else if (code == BZ_DATA_ERROR_MAGIC && decoder->streams > 0 && stream->total_out_lo32 == 0) {
      end_stream(decoder, TRAILING);
    } else if (code != BZ_OK) {
      decoder->damage = describe(code);
      end_stream(decoder, DAMAGED);
    }
    if ((stream->avail_out == 0 || decoder->phase != IN_STREAM) && !flush(env, decoder, chunks, &count)) return NULL;
  }
  if (decoder->phase == IN_STREAM && !flush(env, decoder, chunks, &count)) return NULL;
  return chunks;
}

/* damage(): null, or why the decoder stopped (a damaged block, a wrong header). */
static napi_value damage(napi_env env, napi_callback_info info) {
  size_t argc = 0;
  Decoder *decoder = unwrap(env, info, &argc, NULL);
  if (decoder == NULL) return NULL;
  napi_value result;
  if (decoder->damage == NULL) CHECK(napi_get_null(env, &result));
  else CHECK(napi_create_string_utf8(env, decoder->damage, NAPI_AUTO_LENGTH, &result));
  return result;
}

/*
 * finish(): null when the member ended well, else what is wrong with it; frees the decoder's
 * memory. Call it also when a member is given up early. A second call answers the same.
 */
static napi_value finish(napi_env env, napi_callback_info info) {
  size_t argc = 0;
  Decoder *decoder = unwrap(env, info, &argc, NULL);
  if (decoder == NULL) return NULL;
  if (decoder->phase == IN_STREAM) decoder->damage = "it ends inside a bz2 stream (cut short)";
  else if (decoder->phase == BETWEEN_STREAMS && decoder->streams == 0) decoder->damage = "it holds no bz2 stream";
  release(env, decoder);
  const char *problem = decoder->damage;
  napi_value result;
  if (problem == NULL) CHECK(napi_get_null(env, &result));
  else CHECK(napi_create_string_utf8(env, problem, NAPI_AUTO_LENGTH, &result));
  return result;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor methods[] = {
      {"push", NULL, push, NULL, NULL, NULL, napi_default, NULL},
      {"damage", NULL, damage, NULL, NULL, NULL, napi_default, NULL},
      {"finish", NULL, finish, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_value decoder_class;
  CHECK(napi_define_class(env, "Decoder", NAPI_AUTO_LENGTH, construct, NULL, 3, methods, &decoder_class));
  CHECK(napi_set_named_property(env, exports, "Decoder", decoder_class));
  return exports;
}
