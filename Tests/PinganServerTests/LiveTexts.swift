import Foundation
import HummingbirdTesting
import HummingbirdWSTesting
import Testing

/// The live feed's text frames for `token`, replayed from the first event and followed until a
/// frame mentions `marker`, or for `seconds` when none does: a role not sent the marker waits a
/// few, one that is sent it waits as long as any live reply (a few seconds have not been enough
/// with the whole suite on two cores).
func liveTexts(_ client: any TestClientProtocol, token: String, until marker: String, seconds: Double = TestWorld.patience) async throws -> [String] {
    let texts = Locked([String]())
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
            try await client.ws("/v1/live?token=\(token)&after=0") { inbound, _, _ in
                for try await message in inbound.messages(maxSize: 1 << 22) {
                    guard case .text(let text) = message else { continue }
                    texts.withLock { $0.append(text) }
                    if text.contains(marker) { return }
                }
            }
        }
        group.addTask { try await Task.sleep(for: .seconds(seconds)) }
        _ = try await group.next()
        group.cancelAll()
    }
    return texts.withLock { $0 }
}
