#include "cpng.h"

#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

// Every setjmp of libpng lives in this file, in the frame of the function that calls
// libpng; the error handler copies the message out before it jumps back there.

typedef struct {
    jmp_buf jump;
    char *message;
    size_t message_capacity;
    int out_of_memory;
} cpng_error_context;

static void copy_message(char *destination, size_t capacity, const char *text) {
    if (destination == NULL || capacity == 0) return;
    strncpy(destination, text ? text : "unknown libpng error", capacity - 1);
    destination[capacity - 1] = '\0';
}

static void on_error(png_structp png, png_const_charp text) {
    cpng_error_context *context = (cpng_error_context *)png_get_error_ptr(png);
    copy_message(context->message, context->message_capacity, text);
    longjmp(context->jump, 1);
}

static void on_warning(png_structp png, png_const_charp text) {
    // Warnings (a bad ancillary CRC, an unknown iCCP profile) leave the image readable.
    (void)png; (void)text;
}

typedef struct {
    const uint8_t *data;
    size_t size;
    size_t offset;
} cpng_reader;

static void read_from_memory(png_structp png, png_bytep out, png_size_t length) {
    cpng_reader *reader = (cpng_reader *)png_get_io_ptr(png);
    if (length > reader->size - reader->offset) {
        png_error(png, "the file ends before the image data does (truncated)");
    }
    memcpy(out, reader->data + reader->offset, length);
    reader->offset += length;
}

// Creates libpng's read and info structures reporting to `context`. No setjmp is needed
// yet: creating them raises no libpng error, it only returns NULL when memory runs out.
static int create_reader(cpng_error_context *context, png_structp *png, png_infop *info) {
    *png = png_create_read_struct(PNG_LIBPNG_VER_STRING, context, on_error, on_warning);
    *info = *png ? png_create_info_struct(*png) : NULL;
    if (*info == NULL) {
        if (*png) png_destroy_read_struct(png, NULL, NULL);
        copy_message(context->message, context->message_capacity, "out of memory");
        return 0;
    }
    return 1;
}

static void fill_info(png_structp png, png_infop info, cpng_info *out) {
    out->width = png_get_image_width(png, info);
    out->height = png_get_image_height(png, info);
    out->bit_depth = png_get_bit_depth(png, info);
    out->color_type = png_get_color_type(png, info);
    out->interlaced = png_get_interlace_type(png, info) != PNG_INTERLACE_NONE;
    out->has_trns = png_get_valid(png, info, PNG_INFO_tRNS) != 0;
}

cpng_status cpng_read_info(const uint8_t *data, size_t size, cpng_info *out,
                           char *message, size_t message_capacity) {
    cpng_error_context context = {.message = message, .message_capacity = message_capacity};
    cpng_reader reader = {.data = data, .size = size, .offset = 0};
    png_structp png;
    png_infop info;
    if (!create_reader(&context, &png, &info)) return CPNG_OUT_OF_MEMORY;
    if (setjmp(context.jump)) {
        png_destroy_read_struct(&png, &info, NULL);
        return CPNG_ERROR;
    }
    png_set_read_fn(png, &reader, read_from_memory);
    png_read_info(png, info);
    fill_info(png, info, out);
    png_destroy_read_struct(&png, &info, NULL);
    return CPNG_OK;
}

// Sets up the conversion to 8-bit RGBA every decode shares. Runs under the caller's setjmp.
static int configure_rgba(png_structp png, png_infop info, uint32_t expected_width, uint32_t expected_height) {
    if (png_get_image_width(png, info) != expected_width || png_get_image_height(png, info) != expected_height) {
        png_error(png, "the header changed between reads");
    }
    int color_type = png_get_color_type(png, info);
    png_set_expand(png);  // palette -> RGB, gray < 8 bits -> 8 bits, tRNS -> alpha
    png_set_strip_16(png);
    if (color_type == PNG_COLOR_TYPE_GRAY || color_type == PNG_COLOR_TYPE_GRAY_ALPHA) {
        png_set_gray_to_rgb(png);
    }
    if (!(color_type & PNG_COLOR_MASK_ALPHA) && !png_get_valid(png, info, PNG_INFO_tRNS)) {
        png_set_add_alpha(png, 0xFF, PNG_FILLER_AFTER);
    }
    int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    if (png_get_rowbytes(png, info) != (size_t)expected_width * 4) {
        png_error(png, "unexpected row layout after conversion to RGBA");
    }
    return passes;
}

// Both decodes: into the whole image at `pixels` when `on_row` is NULL (every Adam7 pass
// filling its pixels into the rows already holding the earlier ones), else one row at a time
// into the single row at `pixels`, handed to `on_row` between libpng calls.
static cpng_status decode_rgba(const uint8_t *data, size_t size, uint32_t expected_width,
                               uint32_t expected_height, uint8_t *pixels,
                               cpng_row_handler on_row, void *handler_context,
                               char *message, size_t message_capacity) {
    cpng_error_context context = {.message = message, .message_capacity = message_capacity};
    cpng_reader reader = {.data = data, .size = size, .offset = 0};
    png_structp png;
    png_infop info;
    if (!create_reader(&context, &png, &info)) return CPNG_OUT_OF_MEMORY;
    if (setjmp(context.jump)) {
        png_destroy_read_struct(&png, &info, NULL);
        return CPNG_ERROR;
    }
    png_set_read_fn(png, &reader, read_from_memory);
    png_read_info(png, info);
    if (on_row != NULL && png_get_interlace_type(png, info) != PNG_INTERLACE_NONE) {
        png_error(png, "an interlaced image cannot be decoded row by row");
    }
    int passes = configure_rgba(png, info, expected_width, expected_height);
    size_t stride = (size_t)expected_width * 4;
    for (int pass = 0; pass < passes; pass++) {
        for (uint32_t y = 0; y < expected_height; y++) {
            if (on_row == NULL) {
                png_read_row(png, pixels + (size_t)y * stride, NULL);
            } else {
                png_read_row(png, pixels, NULL);
                on_row(handler_context, pixels, y);
            }
        }
    }
    png_destroy_read_struct(&png, &info, NULL);
    return CPNG_OK;
}

cpng_status cpng_decode_rgba(const uint8_t *data, size_t size, uint32_t expected_width,
                             uint32_t expected_height, uint8_t *pixels,
                             char *message, size_t message_capacity) {
    return decode_rgba(data, size, expected_width, expected_height, pixels, NULL, NULL, message, message_capacity);
}

cpng_status cpng_decode_rgba_rows(const uint8_t *data, size_t size, uint32_t expected_width,
                                  uint32_t expected_height, uint8_t *row,
                                  cpng_row_handler on_row, void *handler_context,
                                  char *message, size_t message_capacity) {
    return decode_rgba(data, size, expected_width, expected_height, row, on_row, handler_context,
                       message, message_capacity);
}

static uint32_t read_be32(const uint8_t *bytes) {
    return (uint32_t)bytes[0] << 24 | (uint32_t)bytes[1] << 16 | (uint32_t)bytes[2] << 8 | bytes[3];
}

cpng_status cpng_check_chunks(const uint8_t *data, size_t size, int *has_end,
                              char *message, size_t message_capacity) {
    static const uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    *has_end = 0;
    if (size < 8 || memcmp(data, signature, 8) != 0) {
        copy_message(message, message_capacity, "not a PNG signature");
        return CPNG_ERROR;
    }
    size_t offset = 8;
    int chunks = 0, image_data = 0;
    while (offset < size) {
        if (size - offset < 8) {
            snprintf(message, message_capacity, "the file ends inside a chunk header at byte %zu (truncated)", offset);
            return CPNG_ERROR;
        }
        uint32_t length = read_be32(data + offset);
        const uint8_t *type = data + offset + 4;
        char name[5] = {0};
        for (int i = 0; i < 4; i++) {
            if (!((type[i] >= 'A' && type[i] <= 'Z') || (type[i] >= 'a' && type[i] <= 'z'))) {
                snprintf(message, message_capacity, "invalid chunk type at byte %zu", offset + 4);
                return CPNG_ERROR;
            }
            name[i] = (char)type[i];
        }
        if (length > 0x7FFFFFFFu) {
            snprintf(message, message_capacity, "%s chunk at byte %zu declares an invalid length of %u bytes", name, offset, length);
            return CPNG_ERROR;
        }
        if ((size_t)length + 12 > size - offset) {
            snprintf(message, message_capacity, "%s chunk at byte %zu declares %u bytes, but the file ends %zu bytes later (truncated)",
                     name, offset, length, size - offset - 8);
            return CPNG_ERROR;
        }
        if (chunks == 0 && memcmp(name, "IHDR", 4) != 0) {
            copy_message(message, message_capacity, "the first chunk is not IHDR");
            return CPNG_ERROR;
        }
        int critical = name[0] >= 'A' && name[0] <= 'Z';
        if (critical) {
            uint32_t stored = read_be32(data + offset + 8 + length);
            uint32_t computed = (uint32_t)crc32(crc32(0L, Z_NULL, 0), type, length + 4);
            if (stored != computed) {
                snprintf(message, message_capacity, "%s: CRC error (chunk at byte %zu is damaged)", name, offset);
                return CPNG_ERROR;
            }
        }
        chunks++;
        if (memcmp(name, "IDAT", 4) == 0) image_data = 1;
        offset += (size_t)length + 12;
        if (memcmp(name, "IEND", 4) == 0) {
            *has_end = 1;
            break;
        }
    }
    if (!image_data) {
        copy_message(message, message_capacity, "no IDAT chunk: the file holds no image data");
        return CPNG_ERROR;
    }
    return CPNG_OK;
}

typedef struct {
    uint8_t *bytes;
    size_t size;
    size_t capacity;
} cpng_writer;

static void write_to_memory(png_structp png, png_bytep bytes, png_size_t length) {
    cpng_writer *writer = (cpng_writer *)png_get_io_ptr(png);
    if (length > writer->capacity - writer->size) {
        size_t capacity = writer->capacity ? writer->capacity : 65536;
        while (length > capacity - writer->size) {
            if (capacity > SIZE_MAX / 2) png_error(png, "output too large");
            capacity *= 2;
        }
        uint8_t *grown = realloc(writer->bytes, capacity);
        if (grown == NULL) png_error(png, "out of memory");
        writer->bytes = grown;
        writer->capacity = capacity;
    }
    memcpy(writer->bytes + writer->size, bytes, length);
    writer->size += length;
}

static void flush_memory(png_structp png) { (void)png; }

cpng_status cpng_encode_rgba(const uint8_t *pixels, uint32_t width, uint32_t height, size_t stride,
                             int write_alpha, int compression_level, int filters,
                             uint8_t **output, size_t *output_size,
                             char *message, size_t message_capacity) {
    cpng_error_context context = {.message = message, .message_capacity = message_capacity};
    // The writer lives in this frame's memory and is only reached through a pointer, so its
    // contents stay valid after a longjmp.
    cpng_writer writer = {0};
    cpng_writer *volatile writer_ptr = &writer;
    *output = NULL;
    *output_size = 0;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &context, on_error, on_warning);
    if (png == NULL) { copy_message(message, message_capacity, "out of memory"); return CPNG_OUT_OF_MEMORY; }
    png_infop info = png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_write_struct(&png, NULL);
        copy_message(message, message_capacity, "out of memory");
        return CPNG_OUT_OF_MEMORY;
    }
    if (setjmp(context.jump)) {
        png_destroy_write_struct(&png, &info);
        free(writer_ptr->bytes);
        return CPNG_ERROR;
    }
    png_set_write_fn(png, writer_ptr, write_to_memory, flush_memory);
    png_set_compression_level(png, compression_level);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, filters);
    png_set_IHDR(png, info, width, height, 8,
                 write_alpha ? PNG_COLOR_TYPE_RGB_ALPHA : PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE);
    png_write_info(png, info);
    if (!write_alpha) {
        png_set_filler(png, 0, PNG_FILLER_AFTER);  // on write: drop the fourth byte of each pixel
    }
    for (uint32_t y = 0; y < height; y++) {
        png_write_row(png, pixels + (size_t)y * stride);
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    *output = writer_ptr->bytes;
    *output_size = writer_ptr->size;
    return CPNG_OK;
}

void cpng_free(void *buffer) { free(buffer); }
