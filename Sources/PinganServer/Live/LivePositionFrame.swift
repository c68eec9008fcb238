import Foundation
import PinganApp
import PinganCore

/// One text frame of positions: `{"type":"unit.position","positions":[...]}`. The frame has no
/// `seq`, so a client resuming with `after=` never skips events because of it.
struct LivePositionFrame: Encodable {
    var type = "unit.position"
    var positions: [LivePosition]

    func text() throws -> String {
        String(decoding: try JSONCoding.encoder.encode(self), as: UTF8.self)
    }
}
