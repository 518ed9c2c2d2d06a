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

/// Called with each decoded row of `cpng_decode_rgba_rows`, between libpng calls (libpng is
/// not on the stack, so no longjmp can cross the caller's code).
typedef void (*cpng_row_handler)(void *context, const uint8_t *row, uint32_t y);

/// Decodes a non-interlaced PNG one row at a time, converted as `cpng_decode_rgba` converts:
/// each row is written to `row` (`expected_width * 4` bytes) and handed to `on_row`. Memory
/// stays at one row whatever the image size. Interlaced images are refused (their rows are
/// only complete after the last pass; decode those with `cpng_decode_rgba`).
cpng_status cpng_decode_rgba_rows(const uint8_t *data, size_t size, uint32_t expected_width,
                                  uint32_t expected_height, uint8_t *row,
                                  cpng_row_handler on_row, void *context,
                                  char *message, size_t message_capacity);

/// Walks the chunks of a PNG without decompressing anything: every chunk must lie inside the
/// file, critical chunks (IHDR, PLTE, IDAT, IEND) must carry a correct CRC (ancillary ones
/// are skipped when damaged, as libpng skips them), IHDR must come first and IDAT must exist.
/// `*has_end` is set to 1 when an IEND chunk closes the file.
cpng_status cpng_check_chunks(const uint8_t *data, size_t size, int *has_end,
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
