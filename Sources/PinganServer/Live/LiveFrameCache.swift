import Foundation
import NIOCore
import PinganCore
import PinganStore

/// The recent events' frames, per kind of viewer. A frame depends on the event and on what
/// the viewer may see (the caller masked or not; a unit's assignment outside their scope hidden
/// or not): every subscriber with the same role class, scope and unit gets the same bytes, so a
/// hundred dispatchers watching one city cost one encoding per event, not a hundred, and one
/// buffer: the WebSocket writes share it rather than copying it per connection.
final class LiveFrameCache: @unchecked Sendable {
    private struct Key: Hashable {
        var seq: Int64
        var maskCaller: Bool
        var scope: String
        var unit: UnitID?
    }

    private let lock = NSLock()
    private var frames: [Key: ByteBuffer] = [:]
    private var order: [Key] = []
    private var next = 0
    private let capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = capacity
        order.reserveCapacity(capacity)
    }

    func frame(for event: RecordedEvent, viewer: User) throws -> ByteBuffer {
        let key = Key(seq: event.seq, maskCaller: !viewer.role.may(.viewCaller), scope: viewer.scope.path, unit: viewer.unitID)
        if let known = lock.withLock({ frames[key] }) { return known }
        let frame = try LiveFrame(event, for: viewer).bytes()
        lock.withLock {
            if order.count < capacity {
                order.append(key)
            } else {
                frames[order[next]] = nil
                order[next] = key
                next = (next + 1) % capacity
            }
            frames[key] = frame
        }
        return frame
    }
}
