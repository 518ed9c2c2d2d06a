#pragma once
#include <stddef.h>
#include <stdint.h>

/// Outcome of a CJPEG call.
typedef enum {
    CJPEG_OK = 0,
    CJPEG_ERROR = 1,        ///< libjpeg refused the data; the message says why.
    CJPEG_UNSUPPORTED = 2,  ///< A valid JPEG this libjpeg cannot decode (12-bit, lossless, ...).
    CJPEG_TRUNCATED = 3,    ///< The data ends before the image does.
} cjpeg_status;

/// Colour spaces as stored in the file (libjpeg's J_COLOR_SPACE values).
enum {
    CJPEG_CS_UNKNOWN = 0,
    CJPEG_CS_GRAYSCALE = 1,
    CJPEG_CS_RGB = 2,
    CJPEG_CS_YCBCR = 3,
    CJPEG_CS_CMYK = 4,
    CJPEG_CS_YCCK = 5,
};

/// What a JPEG's headers say, and the size a scaled decode would give.
typedef struct {
    uint32_t width;
    uint32_t height;
    int components;
    int color_space;      ///< CJPEG_CS_*
    int progressive;
    int arithmetic;
    int scale_numerator;  ///< chosen scale, in eighths (8 = full size)
    uint32_t output_width;
    uint32_t output_height;
} cjpeg_info;

/// Reads the headers. When `minimum_width`/`minimum_height` are positive, also picks the
/// smallest DCT scale n/8 (n = 1...8) whose output keeps both sides at least that large
/// (or full size) and reports it with the output size. Copies the TIFF structure of the first
/// Exif APP1 segment (at most `exif_capacity` bytes; 65533 holds any) into `exif` and sets
/// `*exif_size` (0 when there is none). Allocates no pixel memory.
cjpeg_status cjpeg_read_info(const uint8_t *data, size_t size, uint32_t minimum_width,
                             uint32_t minimum_height, cjpeg_info *info,
                             uint8_t *exif, size_t exif_capacity, size_t *exif_size,
                             char *message, size_t message_capacity);

/// Decodes at scale `scale_numerator`/8 into tightly packed 8-bit RGBA (alpha 255) in `pixels`,
/// which holds `expected_width * expected_height * 4` bytes. CMYK and YCCK are converted
/// naively from Adobe-inverted CMYK. `memory_limit` caps libjpeg's own working memory.
/// `warnings` receives the number of (non-fatal) corrupt-data warnings; when there are any
/// and decoding succeeds, `message` holds the first one.
cjpeg_status cjpeg_decode_rgba(const uint8_t *data, size_t size, int scale_numerator,
                               uint32_t expected_width, uint32_t expected_height,
                               uint8_t *pixels, size_t memory_limit, int *warnings,
                               char *message, size_t message_capacity);

/// Encodes 8-bit RGBA rows (alpha ignored) as JPEG. `subsampling` is 444, 422 or 420.
/// On success `*output` is a malloc'ed buffer of `*output_size` bytes; free it with `cjpeg_free`.
cjpeg_status cjpeg_encode_rgba(const uint8_t *pixels, uint32_t width, uint32_t height, size_t stride,
                               int quality, int progressive, int subsampling,
                               uint8_t **output, size_t *output_size,
                               char *message, size_t message_capacity);

/// LIBJPEG_TURBO_VERSION_NUMBER of the headers built against (2001005 for 2.1.5).
int cjpeg_library_version(void);

/// Frees a buffer returned by `cjpeg_encode_rgba`.
void cjpeg_free(void *buffer);
