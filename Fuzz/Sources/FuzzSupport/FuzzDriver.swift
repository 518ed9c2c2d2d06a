import Foundation
import LibFuzzerDriver

/// Starts libFuzzer from a target's own `main`.
///
/// SwiftPM links executables with their entry point renamed, so libFuzzer's `main` is never
/// the program's; `LLVMFuzzerRunDriver` takes libFuzzer's usual flags from the command line.
public enum FuzzDriver {
    /// A libFuzzer callback: one input, returns 0.
    public typealias Callback = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    /// Runs libFuzzer with the process's arguments and exits with its status.
    public static func run(_ callback: Callback) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, callback))
    }

    /// The input as a raw buffer (libFuzzer may pass a null pointer for an empty input).
    public static func buffer(_ start: UnsafePointer<UInt8>?, _ count: Int) -> UnsafeRawBufferPointer {
        guard let start, count > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: start, count: count)
    }
}
