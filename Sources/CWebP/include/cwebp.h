#pragma once
#include <stddef.h>
#include <stdint.h>

/// Outcome of a CWebP call.
typedef enum {
    CWEBP_OK = 0,
    CWEBP_ERROR = 1,        ///< libwebp refused the data; the message says why.
    CWEBP_UNSUPPORTED = 2,  ///< A feature this libwebp does not decode.
    CWEBP_TRUNCATED = 3,    ///< The data ends too early.
} cwebp_status;

/// What a WebP's headers say.
typedef struct {
    uint32_t width;   ///< canvas width
    uint32_t height;  ///< canvas height
    int has_alpha;
    int animated;
    int frame_count;
    int coding;  ///< 0 mixed or unknown, 1 lossy, 2 lossless (of the first frame)
    int extended;  ///< 1 when the file has a VP8X header
    size_t exif_offset;  ///< where the EXIF chunk's payload starts in the data (0: no EXIF chunk)
    size_t exif_size;
} cwebp_info;

/// Reads the headers (and, for an animation, the frame count). Allocates no pixel memory.
cwebp_status cwebp_read_info(const uint8_t *data, size_t size, cwebp_info *info,
                             char *message, size_t message_capacity);

/// Decodes a still image as 8-bit RGBA (not premultiplied) into `pixels` (`height * stride`
/// bytes, `stride >= width * 4`), scaled by libwebp to `width` x `height` when they differ
/// from the stored size.
cwebp_status cwebp_decode_rgba(const uint8_t *data, size_t size, uint32_t width, uint32_t height,
                               uint8_t *pixels, size_t stride,
                               char *message, size_t message_capacity);

/// Decodes the first frame of an animation, composited on its transparent canvas of
/// `width` x `height`, as 8-bit RGBA into `pixels` (`height * width * 4` bytes).
cwebp_status cwebp_decode_first_frame_rgba(const uint8_t *data, size_t size, uint32_t width,
                                           uint32_t height, uint8_t *pixels,
                                           char *message, size_t message_capacity);

/// WebP encoder settings (libwebp's WebPConfig knobs).
typedef struct {
    float quality;       ///< 0-100
    int lossless;
    int method;          ///< 0-6
    int alpha_quality;   ///< 0-100
    int exact;
} cwebp_encode_settings;

/// Encodes 8-bit RGBA rows as WebP. On success `*output` is a buffer of `*output_size` bytes;
/// free it with `cwebp_free`.
cwebp_status cwebp_encode_rgba(const uint8_t *pixels, uint32_t width, uint32_t height, size_t stride,
                               cwebp_encode_settings settings, uint8_t **output, size_t *output_size,
                               char *message, size_t message_capacity);

/// Frees a buffer returned by `cwebp_encode_rgba`.
void cwebp_free(void *buffer);
