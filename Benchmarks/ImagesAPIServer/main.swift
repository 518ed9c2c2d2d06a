// A local Images API for the benchmark: the test suite's LocalImagesServer as a process, with a
// fixed wait before every answer and a real picture as every image.
//
//   images-api-server --delay SECONDS --picture FILE --api-key KEY
//
// Prints the port it listens on (127.0.0.1) as the first line of stdout. When stdin closes it
// prints one JSON line about the requests it answered (how many, the most in flight at once)
// and exits; SIGTERM ends it at once. Errors go to stderr with exit status 1.
import Codecs
import Foundation
import LocalImagesServer

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("images-api-server: \(message)\n".utf8))
    exit(1)
}

let usage = "usage: images-api-server --delay SECONDS --picture FILE --api-key KEY"
var options: [String: String] = [:]
var remaining = CommandLine.arguments.dropFirst()
while let flag = remaining.popFirst() {
    guard ["--delay", "--picture", "--api-key"].contains(flag) else { fail("unknown argument '\(flag)'; \(usage)") }
    guard let value = remaining.popFirst() else { fail("\(flag) needs a value; \(usage)") }
    options[flag] = value
}
guard let delayText = options["--delay"], let seconds = Double(delayText), seconds >= 0, seconds.isFinite else {
    fail("--delay must be a number of seconds, 0 or more; \(usage)")
}
guard let picturePath = options["--picture"], let apiKey = options["--api-key"] else { fail(usage) }

let picture: PixelBuffer
do {
    picture = try ImageDecoder.decode(contentsOf: URL(fileURLWithPath: picturePath)).pixels
} catch {
    fail("the picture \(picturePath) cannot be used: \(error)")
}

let server: LocalImagesServer
do {
    server = try await LocalImagesServer.start(
        LocalImagesServer.Configuration(
            apiKey: apiKey, responseDelay: .nanoseconds(Int64(seconds * 1e9)), imageContent: .picture(picture)))
} catch {
    fail("the server cannot start: \(error)")
}
// Unbuffered, so the parent reads the port at once.
FileHandle.standardOutput.write(Data("\(server.port)\n".utf8))

// SIGTERM ends the process without the summary; the default action would report it as killed.
signal(SIGTERM) { _ in _exit(0) }

// Blocking read on a thread of its own: stdin closing is the parent's way to say "done".
await withCheckedContinuation { (finished: CheckedContinuation<Void, Never>) in
    Thread.detachNewThread {
        _ = FileHandle.standardInput.readDataToEndOfFile()
        finished.resume()
    }
}
let summary: [String: Int] = [
    "apiRequests": server.apiRequests.count, "completedResponses": server.completedResponses,
    "maxConcurrentRequests": server.maxConcurrentRequests,
]
if let line = try? JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys]) {
    FileHandle.standardOutput.write(line + Data("\n".utf8))
}
try? await server.shutdown()
