import Foundation
import PinganCore
import PinganGeo
import Testing

/// `String(wellFormedUTF8:)` stands in for the standard library's validating initialiser in
/// every JSON and CSV reader: it must accept and refuse exactly the same byte sequences.
@Suite("Well-formed UTF-8")
struct WellFormedUTF8Tests {
    static func agrees(_ bytes: [UInt8]) -> Bool {
        let ours = bytes.withUnsafeBytes { String(wellFormedUTF8: $0) }
        return ours == String(validating: bytes, as: UTF8.self)
    }

    @Test("every sequence of one and two bytes, and of three bytes with a lead byte, as the standard library decides")
    func shortSequencesExhaustively() {
        var disagreements: [[UInt8]] = []
        for a in 0...255 where !Self.agrees([UInt8(a)]) { disagreements.append([UInt8(a)]) }
        for a in 0...255 { for b in 0...255 where !Self.agrees([UInt8(a), UInt8(b)]) { disagreements.append([UInt8(a), UInt8(b)]) } }
        for a in 0xC0...0xFF { for b in 0x70...0xC5 { for c in 0x70...0xC5 where !Self.agrees([UInt8(a), UInt8(b), UInt8(c)]) {
            disagreements.append([UInt8(a), UInt8(b), UInt8(c)])
        } } }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    }

    @Test("longer texts with a damaged byte or a truncated character among plates and Chinese text")
    func damagedTexts() {
        var rng = SplitMix64(seed: 3)
        let pieces = ["京A12345", "沪", "粤BD12345", "a", "😀", "é", " ", "\u{7F}", "\u{FFFD}"].map { Array($0.utf8) }
        var refused = 0
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(rng.next() % 6) { bytes += pieces[Int(rng.next() % UInt64(pieces.count))] }
            switch rng.next() % 4 {
            case 0 where !bytes.isEmpty: bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next())
            case 1 where !bytes.isEmpty: bytes.removeLast()
            case 2: bytes.insert(UInt8(0x80 + rng.next() % 0x80), at: bytes.isEmpty ? 0 : Int(rng.next() % UInt64(bytes.count)))
            default: break
            }
            #expect(Self.agrees(bytes), "\(bytes)")
            if String(validating: bytes, as: UTF8.self) == nil { refused += 1 }
        }
        #expect(refused > 1_000, "the damage made enough ill-formed texts to matter")
    }
}
