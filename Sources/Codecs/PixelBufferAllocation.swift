#if canImport(Glibc)
    import Glibc
#endif

/// How the C allocator serves the large buffers image work makes: pixels (4 bytes a pixel)
/// and encoded files.
///
/// By default glibc gives a block above its mmap threshold (128 KiB at start) a mapping of
/// its own, unmapped when freed, and raises the threshold only as such blocks are freed; in
/// the heap it returns free memory beyond its trim threshold to the system. Either way the
/// next image's buffers are often new pages, each faulted in and zeroed by the kernel: for a
/// JPEG re-encode of a 1.5-megapixel photo, a 6 MB buffer is about 1,500 page faults.
///
/// ```swift
/// @main struct Tool {
///     static func main() {
///         PixelBufferAllocation.reuseFreedBuffers()
///         // ... process images
///     }
/// }
/// ```
public enum PixelBufferAllocation {
    /// Asks glibc to serve blocks below 32 MiB (a 2896×2896 RGBA image) from its heap and to
    /// keep up to 64 MiB of freed memory, so each image reuses the pages of the one before.
    /// Larger images are still mapped and unmapped on their own. Call it once at start-up,
    /// before the first image; it does nothing on systems without glibc's `mallopt`.
    ///
    /// - Returns: whether the allocator took both settings.
    @discardableResult
    public static func reuseFreedBuffers() -> Bool {
        #if canImport(Glibc)
            // Swift's Glibc module leaves out <malloc.h>, so the function is looked up by name.
            guard let program = dlopen(nil, RTLD_NOW) else { return false }
            defer { dlclose(program) }
            guard let symbol = dlsym(program, "mallopt") else { return false }
            typealias MallocOption = @convention(c) (Int32, Int32) -> Int32
            let mallopt = unsafeBitCast(symbol, to: MallocOption.self)
            // <malloc.h>: M_TRIM_THRESHOLD is -1, M_MMAP_THRESHOLD -3; mallopt returns 1 on success.
            // Setting either turns glibc's sliding thresholds off, so both are set.
            let mapsAbove = mallopt(-3, 32 << 20)
            let trimsAbove = mallopt(-1, 64 << 20)
            return mapsAbove == 1 && trimsAbove == 1
        #else
            return false
        #endif
    }
}
