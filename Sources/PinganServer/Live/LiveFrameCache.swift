import Foundation
import PinganCore
import PinganStore

/// The recent events' frame texts, per kind of viewer. A frame depends on the event and on what
/// the viewer may see (the caller masked or not; a unit's assignment outside their scope hidden
/// or not): every subscriber with the same role class, scope and unit gets the same bytes, so a
/// hundred dispatchers watching one city cost one encoding per event, not a hundred.
final class LiveFrameCache: @unchecked Sendable {
    private struct Key: Hashable {
        var seq: Int64
        var maskCaller: Bool
        var scope: String
        var unit: UnitID?
    }

    private let lock = NSLock()
    private var texts: [Key: String] = [:]
    private var order: [Key] = []
    private var next = 0
    private let capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = capacity
        order.reserveCapacity(capacity)
    }

    func text(for event: RecordedEvent, viewer: User) throws -> String {
        let key = Key(seq: event.seq, maskCaller: !viewer.role.may(.viewCaller), scope: viewer.scope.path, unit: viewer.unitID)
        if let known = lock.withLock({ texts[key] }) { return known }
        let text = try LiveFrame(event, for: viewer).text()
        lock.withLock {
            if order.count < capacity {
                order.append(key)
            } else {
                texts[order[next]] = nil
                order[next] = key
                next = (next + 1) % capacity
            }
            texts[key] = text
        }
        return text
    }
}
