import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension GenerationRun {
    /// Why no file can be created in `folder`, or nil when one can.
    ///
    /// Permission bits alone do not answer this (root ignores them; read-only mounts and
    /// special file systems do not show in them), so a hidden probe file is created and
    /// removed at once.
    static func fileCreationProblem(in folder: URL) -> String? {
        let probe = folder.appendingPathComponent(".gptimg-probe-\(String(UInt64.random(in: 0...UInt64.max), radix: 36))")
        let descriptor = open(probe.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            return String(cString: strerror(errno))
        }
        close(descriptor)
        unlink(probe.path)
        return nil
    }

    /// The system's message when `error` says the output folder can take no more data (no
    /// space, over quota, over the file-size limit, read-only), else nil.
    static func fullFolderReason(_ error: any Error) -> String? {
        let text = "\(error)"
        for code in [ENOSPC, EDQUOT, EFBIG, EROFS] {
            let message = String(cString: strerror(code))
            if text.contains(message) { return message }
        }
        return nil
    }
}
