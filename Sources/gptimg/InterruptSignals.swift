import Dispatch
import Foundation

/// Turns the first SIGINT (Ctrl-C) or SIGTERM of a run into a call of `onFirst`, so the run can
/// stop sending and still write every image that already arrived; a second signal ends the
/// process at once, as it would have without this.
///
/// Not `Sendable`: it lives in the scope of one run and is only asked to stop from there.
final class InterruptSignals {
    private var sources: [DispatchSourceSignal] = []
    private static let signals = [SIGINT, SIGTERM]

    /// Starts listening; `onFirst` gets the signal number, on a Dispatch queue.
    init(onFirst: @escaping @Sendable (Int32) -> Void) {
        for number in Self.signals {
            // A handled signal must be ignored by the process, or its default action still runs.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                // From now on the next Ctrl-C or SIGTERM ends the process the usual way.
                for other in Self.signals { signal(other, SIG_DFL) }
                onFirst(number)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Stops listening and gives the signals back their default action.
    func stop() {
        for source in sources { source.cancel() }
        sources.removeAll()
        for number in Self.signals { signal(number, SIG_DFL) }
    }

    deinit { stop() }
}
