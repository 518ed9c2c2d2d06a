#include "cwebp.h"

#include <string.h>
#include <webp/decode.h>
#include <webp/demux.h>
#include <webp/encode.h>

static void copy_message(char *destination, size_t capacity, const char *text) {
    if (destination == NULL || capacity == 0) return;
    strncpy(destination, text, capacity - 1);
    destination[capacity - 1] = '\0';
}

static cwebp_status report(VP8StatusCode code, char *message, size_t capacity) {
    switch (code) {
    case VP8_STATUS_OK: return CWEBP_OK;
    case VP8_STATUS_OUT_OF_MEMORY: copy_message(message, capacity, "out of memory"); return CWEBP_ERROR;
    case VP8_STATUS_INVALID_PARAM: copy_message(message, capacity, "invalid parameter"); return CWEBP_ERROR;
    case VP8_STATUS_BITSTREAM_ERROR:
        copy_message(message, capacity, "bitstream error (the data is corrupt)");
        return CWEBP_ERROR;
    case VP8_STATUS_UNSUPPORTED_FEATURE:
        copy_message(message, capacity, "unsupported feature");
        return CWEBP_UNSUPPORTED;
    case VP8_STATUS_SUSPENDED:
    case VP8_STATUS_NOT_ENOUGH_DATA:
        copy_message(message, capacity, "not enough data (the file is truncated)");
        return CWEBP_TRUNCATED;
    default: copy_message(message, capacity, "user abort"); return CWEBP_ERROR;
    }
}

cwebp_status cwebp_read_info(const uint8_t *data, size_t size, cwebp_info *info,
                             char *message, size_t message_capacity) {
    WebPBitstreamFeatures features;
    memset(info, 0, sizeof(*info));
    cwebp_status status = report(WebPGetFeatures(data, size, &features), message, message_capacity);
    if (status != CWEBP_OK) return status;
    info->width = (uint32_t)features.width;
    info->height = (uint32_t)features.height;
    info->has_alpha = features.has_alpha;
    info->animated = features.has_animation;
    info->coding = features.format;
    info->frame_count = 1;
    info->extended = size >= 16 && memcmp(data + 12, "VP8X", 4) == 0;
    if (!info->extended) return CWEBP_OK;
    WebPData webp = {.bytes = data, .size = size};
    WebPDemuxer *demux = WebPDemux(&webp);
    if (demux == NULL) {
        if (!features.has_animation) return CWEBP_OK;  // the still image decoder reports what is wrong
        copy_message(message, message_capacity, "the animation's chunks are invalid or truncated");
        return CWEBP_ERROR;
    }
    WebPChunkIterator exif;
    if (WebPDemuxGetChunk(demux, "EXIF", 1, &exif)) {
        // The demuxer points into `data`; an offset survives the demuxer's deletion.
        info->exif_offset = (size_t)(exif.chunk.bytes - data);
        info->exif_size = exif.chunk.size;
        WebPDemuxReleaseChunkIterator(&exif);
    }
    if (features.has_animation) {
        info->frame_count = (int)WebPDemuxGetI(demux, WEBP_FF_FRAME_COUNT);
        WebPIterator frame;
        if (WebPDemuxGetFrame(demux, 1, &frame)) {
            // The first frame's own bitstream says lossy or lossless.
            WebPBitstreamFeatures first;
            if (WebPGetFeatures(frame.fragment.bytes, frame.fragment.size, &first) == VP8_STATUS_OK) {
                info->coding = first.format;
            }
            WebPDemuxReleaseIterator(&frame);
        }
    }
    WebPDemuxDelete(demux);
    return CWEBP_OK;
}

cwebp_status cwebp_decode_rgba(const uint8_t *data, size_t size, uint32_t width, uint32_t height,
                               uint8_t *pixels, size_t stride,
                               char *message, size_t message_capacity) {
    WebPDecoderConfig config;
    if (!WebPInitDecoderConfig(&config)) {
        copy_message(message, message_capacity, "libwebp version mismatch");
        return CWEBP_ERROR;
    }
    cwebp_status status = report(WebPGetFeatures(data, size, &config.input), message, message_capacity);
    if (status != CWEBP_OK) return status;
    if ((uint32_t)config.input.width != width || (uint32_t)config.input.height != height) {
        config.options.use_scaling = 1;
        config.options.scaled_width = (int)width;
        config.options.scaled_height = (int)height;
    }
    config.output.colorspace = MODE_RGBA;
    config.output.is_external_memory = 1;
    config.output.u.RGBA.rgba = pixels;
    config.output.u.RGBA.stride = (int)stride;
    config.output.u.RGBA.size = stride * height;
    status = report(WebPDecode(data, size, &config), message, message_capacity);
    WebPFreeDecBuffer(&config.output);
    return status;
}

cwebp_status cwebp_decode_first_frame_rgba(const uint8_t *data, size_t size, uint32_t width,
                                           uint32_t height, uint8_t *pixels,
                                           char *message, size_t message_capacity) {
    WebPAnimDecoderOptions options;
    if (!WebPAnimDecoderOptionsInit(&options)) {
        copy_message(message, message_capacity, "libwebp version mismatch");
        return CWEBP_ERROR;
    }
    options.color_mode = MODE_RGBA;
    options.use_threads = 0;
    WebPData webp = {.bytes = data, .size = size};
    WebPAnimDecoder *decoder = WebPAnimDecoderNew(&webp, &options);
    if (decoder == NULL) {
        copy_message(message, message_capacity, "the animation's chunks are invalid or truncated");
        return CWEBP_ERROR;
    }
    WebPAnimInfo animation;
    if (!WebPAnimDecoderGetInfo(decoder, &animation)
        || animation.canvas_width != width || animation.canvas_height != height) {
        WebPAnimDecoderDelete(decoder);
        copy_message(message, message_capacity, "the canvas size changed between reads");
        return CWEBP_ERROR;
    }
    uint8_t *canvas = NULL;
    int timestamp = 0;
    if (!WebPAnimDecoderGetNext(decoder, &canvas, &timestamp) || canvas == NULL) {
        WebPAnimDecoderDelete(decoder);
        copy_message(message, message_capacity, "the first frame could not be decoded (corrupt or truncated)");
        return CWEBP_ERROR;
    }
    memcpy(pixels, canvas, (size_t)width * height * 4);
    WebPAnimDecoderDelete(decoder);
    return CWEBP_OK;
}

static const char *encoding_error_text(WebPEncodingError code) {
    switch (code) {
    case VP8_ENC_ERROR_OUT_OF_MEMORY: return "out of memory";
    case VP8_ENC_ERROR_BITSTREAM_OUT_OF_MEMORY: return "out of memory while writing the bitstream";
    case VP8_ENC_ERROR_NULL_PARAMETER: return "a required parameter is missing";
    case VP8_ENC_ERROR_INVALID_CONFIGURATION: return "invalid configuration";
    case VP8_ENC_ERROR_BAD_DIMENSION: return "bad dimensions (WebP allows at most 16383 pixels per side)";
    case VP8_ENC_ERROR_PARTITION0_OVERFLOW: return "partition 0 is too big (more than 512 KiB)";
    case VP8_ENC_ERROR_PARTITION_OVERFLOW: return "a partition is too big (more than 16 MiB)";
    case VP8_ENC_ERROR_BAD_WRITE: return "could not write the output";
    case VP8_ENC_ERROR_FILE_TOO_BIG: return "the file would be bigger than 4 GiB";
    case VP8_ENC_ERROR_USER_ABORT: return "aborted";
    default: return "unknown encoding error";
    }
}

cwebp_status cwebp_encode_rgba(const uint8_t *pixels, uint32_t width, uint32_t height, size_t stride,
                               cwebp_encode_settings settings, uint8_t **output, size_t *output_size,
                               char *message, size_t message_capacity) {
    *output = NULL;
    *output_size = 0;
    WebPConfig config;
    if (!WebPConfigInit(&config)) {
        copy_message(message, message_capacity, "libwebp version mismatch");
        return CWEBP_ERROR;
    }
    config.quality = settings.quality;
    config.lossless = settings.lossless;
    config.method = settings.method;
    config.alpha_quality = settings.alpha_quality;
    config.exact = settings.exact;
    if (!WebPValidateConfig(&config)) {
        copy_message(message, message_capacity, "invalid configuration");
        return CWEBP_ERROR;
    }
    WebPPicture picture;
    if (!WebPPictureInit(&picture)) {
        copy_message(message, message_capacity, "libwebp version mismatch");
        return CWEBP_ERROR;
    }
    picture.width = (int)width;
    picture.height = (int)height;
    picture.use_argb = settings.lossless;  // lossless works on ARGB, lossy on YUV
    if (width > 16383 || height > 16383) {
        copy_message(message, message_capacity, encoding_error_text(VP8_ENC_ERROR_BAD_DIMENSION));
        return CWEBP_ERROR;
    }
    if (!WebPPictureImportRGBA(&picture, pixels, (int)stride)) {
        WebPPictureFree(&picture);
        copy_message(message, message_capacity, "out of memory while importing the pixels");
        return CWEBP_ERROR;
    }
    WebPMemoryWriter writer;
    WebPMemoryWriterInit(&writer);
    picture.writer = WebPMemoryWrite;
    picture.custom_ptr = &writer;
    int ok = WebPEncode(&config, &picture);
    if (!ok) {
        copy_message(message, message_capacity, encoding_error_text(picture.error_code));
        WebPPictureFree(&picture);
        WebPMemoryWriterClear(&writer);
        return CWEBP_ERROR;
    }
    WebPPictureFree(&picture);
    *output = writer.mem;
    *output_size = writer.size;
    return CWEBP_OK;
}

void cwebp_free(void *buffer) { WebPFree(buffer); }
