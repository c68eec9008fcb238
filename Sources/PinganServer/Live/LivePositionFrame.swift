import Foundation
import NIOCore
import PinganApp
import PinganCore

/// One text frame of positions: `{"type":"unit.position","positions":[...]}`. The frame has no
/// `seq`, so a client resuming with `after=` never skips events because of it.
struct LivePositionFrame: Encodable {
    var type = "unit.position"
    var positions: [LivePosition]

    /// The frame's bytes, encoded once per scope and shared by every subscriber of that scope.
    func bytes() throws -> ByteBuffer {
        ByteBuffer(bytes: try JSONCoding.encoder.encode(self))
    }
}
