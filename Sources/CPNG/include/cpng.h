#pragma once
#include <stddef.h>
#include <stdint.h>

/// Outcome of a CPNG call.
typedef enum {
    CPNG_OK = 0,
    CPNG_ERROR = 1,          ///< libpng refused the data; the message says why.
    CPNG_OUT_OF_MEMORY = 2,  ///< An allocation failed.
} cpng_status;

/// What an IHDR (and tRNS) says about a PNG.
typedef struct {
    uint32_t width;
    uint32_t height;
    int bit_depth;
    int color_type;   ///< 0 gray, 2 rgb, 3 palette, 4 gray+alpha, 6 rgba
    int interlaced;   ///< 1 for Adam7
    int has_trns;     ///< 1 when a tRNS chunk precedes the image data
} cpng_info;

/// Reads the signature and the chunks up to the first IDAT. Allocates no pixel memory.
cpng_status cpng_read_info(const uint8_t *data, size_t size, cpng_info *info,
                           char *message, size_t message_capacity);

/// Decodes the image as tightly packed 8-bit RGBA into `pixels`, which holds
/// `expected_width * expected_height * 4` bytes: palette expanded, tRNS as alpha, gray as RGB,
/// 16-bit samples cut to their high byte, no gamma or colour management, interlace undone.
/// Fails when the header does not declare exactly the expected size.
cpng_status cpng_decode_rgba(const uint8_t *data, size_t size, uint32_t expected_width,
                             uint32_t expected_height, uint8_t *pixels,
                             char *message, size_t message_capacity);

/// PNG row filters, combinable (libpng's PNG_FILTER_* values).
enum {
    CPNG_FILTER_NONE = 0x08,
    CPNG_FILTER_SUB = 0x10,
    CPNG_FILTER_UP = 0x20,
    CPNG_FILTER_AVG = 0x40,
    CPNG_FILTER_PAETH = 0x80,
    CPNG_FILTER_ALL = 0xF8,
};

/// Encodes 8-bit RGBA rows as PNG: RGBA, or RGB (alpha bytes skipped) when `write_alpha` is 0.
/// On success `*output` is a malloc'ed buffer of `*output_size` bytes; free it with `cpng_free`.
cpng_status cpng_encode_rgba(const uint8_t *pixels, uint32_t width, uint32_t height, size_t stride,
                             int write_alpha, int compression_level, int filters,
                             uint8_t **output, size_t *output_size,
                             char *message, size_t message_capacity);

/// Frees a buffer returned by `cpng_encode_rgba`.
void cpng_free(void *buffer);
