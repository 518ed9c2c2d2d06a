import Foundation
import LocalImagesServer

/// The twenty-prompt fault mix of issue 7, seen from several sides by several suites: every
/// kind of fault the local server plays, each on its own prompt among the first nine.
enum FaultMix {
    /// "Scene 01" to "Scene 20".
    static let prompts = (1...20).map { String(format: "Scene %02d", $0) }

    /// Prompts 1–3 rate-limited once (retry-after 1 s), 4–5 answered 503 twice, 6 dropped
    /// once, 7 truncated once, 8 refused by moderation every time, 9 drawn at the wrong size.
    static let faults: [Fault] = [
        Fault(.rateLimited(retryAfter: "1"), when: .promptContains("Scene 01"), times: 1),
        Fault(.rateLimited(retryAfter: "1"), when: .promptContains("Scene 02"), times: 1),
        Fault(.rateLimited(retryAfter: "1"), when: .promptContains("Scene 03"), times: 1),
        Fault(.serverError(503), when: .promptContains("Scene 04"), times: 2),
        Fault(.serverError(503), when: .promptContains("Scene 05"), times: 2),
        Fault(.dropConnection, when: .promptContains("Scene 06"), times: 1),
        Fault(.truncatedBase64, when: .promptContains("Scene 07"), times: 1),
        Fault(.moderationBlocked, when: .promptContains("Scene 08")),
        Fault(.wrongSize(width: 1024, height: 1024), when: .promptContains("Scene 09")),
    ]
}
