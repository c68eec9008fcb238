import Foundation
import PinganCore
import PinganGeo

/// The checkpoint plate-matching benchmark: how fast `PlateIndex` answers camera reads against a
/// large watchlist.
///
/// The watchlist is `entries` random valid plates (seeded, so every run and every tool sees the
/// same ones), all built with `fuzzy: true`, the costlier case. It measures:
/// - building the index;
/// - `firstExact` over `reads` reads, about 1% of them on the list (the zero-allocation path a
///   camera stream takes);
/// - `matches(_:into:)` (exact and fuzzy) over `reads / 10` reads: about 1% on the list, 2% a
///   listed plate with one character swapped for a confusable one, 2% one with a character
///   changed, the rest random;
/// - `PlateNumber.normalise` over messy spellings (full-width, separators, lower case).
///
/// The same plates can be written out as text lines (`writeLines(_:to:)`) so an outside
/// anchor (a Redis set and `SISMEMBER`) can be timed on identical input.
public enum SensingBenchmark {
    /// What `runMatching` measured.
    public struct MatchingFigures: Sendable, Codable {
        public var entries = 0
        public var reads = 0
        public var fuzzyReads = 0
        public var buildSeconds = 0.0
        public var indexMegabytes = 0.0
        /// `firstExact` look-ups per second, one thread.
        public var exactPerSecond = 0.0
        /// Reads found on the list by `firstExact`.
        public var exactHits = 0
        /// `matches(_:into:)` look-ups per second, one thread, every entry fuzzy.
        public var fuzzyPerSecond = 0.0
        /// Reads with at least one match (exact or fuzzy).
        public var fuzzyHits = 0
        /// Matches over all fuzzy reads.
        public var fuzzyMatches = 0
        /// `PlateNumber.normalise` calls per second on messy spellings.
        public var normalisePerSecond = 0.0

        /// One JSON object, one line, keys sorted.
        public var json: String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        }
    }

    /// Builds a watchlist of `entries` plates, then times exact and fuzzy matching of reads
    /// against it. Single thread; build in release to get meaningful figures.
    ///
    /// - Parameters:
    ///   - entries: watchlist size (every entry fuzzy).
    ///   - reads: exact look-ups timed; a tenth as many fuzzy look-ups.
    ///   - seed: for the plates and reads.
    public static func runMatching(entries: Int = 1_000_000, reads: Int = 5_000_000, seed: UInt64 = 1) -> MatchingFigures {
        var figures = MatchingFigures()
        figures.entries = entries
        let watchlist = randomPlates(count: entries, seed: seed)
        let rows = watchlist.enumerated().map { (plate: $0.element, entry: UInt32($0.offset), fuzzy: true) }

        var start = ContinuousClock.now
        let index = PlateIndex(rows)
        figures.buildSeconds = seconds(since: start)
        figures.indexMegabytes = Double(index.byteCount) / 1_048_576

        let exactReads = self.reads(count: reads, watchlist: watchlist, seed: seed &+ 1)
        figures.reads = exactReads.count
        var hits = 0
        start = ContinuousClock.now
        for plate in exactReads where index.firstExact(plate) != nil { hits += 1 }
        figures.exactPerSecond = Double(exactReads.count) / max(seconds(since: start), 1e-9)
        figures.exactHits = hits

        let fuzzy = fuzzyReads(count: reads / 10, watchlist: watchlist, seed: seed &+ 2)
        figures.fuzzyReads = fuzzy.count
        var found: [PlateMatch] = []
        found.reserveCapacity(16)
        hits = 0
        var matches = 0
        start = ContinuousClock.now
        for plate in fuzzy {
            index.matches(plate, into: &found)
            if !found.isEmpty { hits += 1 }
            matches += found.count
        }
        figures.fuzzyPerSecond = Double(fuzzy.count) / max(seconds(since: start), 1e-9)
        figures.fuzzyHits = hits
        figures.fuzzyMatches = matches

        let messy = messySpellings(of: Array(exactReads.prefix(max(1, reads / 10))), seed: seed &+ 3)
        var valid = 0
        start = ContinuousClock.now
        for raw in messy where (try? PlateNumber.normalise(raw)) != nil { valid += 1 }
        figures.normalisePerSecond = Double(messy.count) / max(seconds(since: start), 1e-9)
        precondition(valid == messy.count, "a messy spelling did not normalise")
        return figures
    }

    /// `count` random valid plates, the same for the same seed: 88% ordinary (5-character
    /// serial), 10% new-energy (D or F and 5 digits, either order), 2% with a 警 学 挂 港 澳 领
    /// suffix. Plates can repeat, rarely (about 15 pairs in a million).
    public static func randomPlates(count: Int, seed: UInt64) -> [PlateNumber] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in plate(randomPlateText(&rng)) }
    }

    /// `count` reads for exact matching: about 1% copies of watchlist plates, the rest random.
    public static func reads(count: Int, watchlist: [PlateNumber], seed: UInt64) -> [PlateNumber] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            if !watchlist.isEmpty && rng.next() % 100 == 0 { return watchlist[Int(rng.next() % UInt64(watchlist.count))] }
            return plate(randomPlateText(&rng))
        }
    }

    /// `count` reads for fuzzy matching: about 1% copies of watchlist plates, 2% with one serial
    /// character swapped for a confusable one (8↔B, 0↔D, 5↔S, 2↔Z, 6↔G, 1↔L), 2% with one
    /// serial character replaced by another, the rest random.
    public static func fuzzyReads(count: Int, watchlist: [PlateNumber], seed: UInt64) -> [PlateNumber] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let roll = rng.next() % 100
            guard !watchlist.isEmpty, roll < 5 else { return plate(randomPlateText(&rng)) }
            let listed = watchlist[Int(rng.next() % UInt64(watchlist.count))]
            if roll == 0 { return listed }
            var scalars = Array(listed.text.unicodeScalars)
            let serial = Array(2..<scalars.count).filter { scalars[$0].isASCII }
            let i = serial[Int(rng.next() % UInt64(serial.count))]
            if roll < 3, let swap = confusables.first(where: { $0.0 == scalars[i] || $0.1 == scalars[i] }) {
                scalars[i] = swap.0 == scalars[i] ? swap.1 : swap.0
            } else {
                scalars[i] = serialAlphabet[Int(rng.next() % UInt64(serialAlphabet.count))]
            }
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars)
            return plate(text)
        }
    }

    /// Writes each plate's canonical text on a line of its own (UTF-8), e.g. for `SADD` into the
    /// Redis set an outside anchor times `SISMEMBER` against.
    public static func writeLines(_ plates: [PlateNumber], to path: String) throws {
        var text = ""
        text.reserveCapacity(plates.count * 12)
        for p in plates {
            text += p.text
            text += "\n"
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    // MARK: - Generation

    private static let provinces = Array("京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼".unicodeScalars)
    private static let letters = Array("ABCDEFGHJKLMNPQRSTUVWXYZ".unicodeScalars)
    private static let digits = Array("0123456789".unicodeScalars)
    private static let serialAlphabet = letters + digits
    private static let suffixes = Array("警学挂港澳领".unicodeScalars)
    private static let confusables: [(Unicode.Scalar, Unicode.Scalar)] = [("8", "B"), ("0", "D"), ("5", "S"), ("2", "Z"), ("6", "G"), ("1", "L")]

    private static func randomPlateText(_ rng: inout SplitMix64) -> String {
        func pick(_ from: [Unicode.Scalar]) -> Unicode.Scalar { from[Int(rng.next() % UInt64(from.count))] }
        var s: [Unicode.Scalar] = [pick(provinces), pick(letters)]
        let kind = rng.next() % 100
        if kind < 88 {
            for _ in 0..<5 { s.append(rng.next() % 4 == 0 ? pick(letters) : pick(digits)) }
        } else if kind < 98 {
            let energy: Unicode.Scalar = rng.next() % 2 == 0 ? "D" : "F"
            if rng.next() % 2 == 0 { s.append(energy) }
            for _ in 0..<5 { s.append(pick(digits)) }
            if s.count == 7 { s.append(energy) }
        } else {
            for _ in 0..<4 { s.append(pick(digits)) }
            s.append(pick(suffixes))
        }
        var text = ""
        text.unicodeScalars.append(contentsOf: s)
        return text
    }

    /// The plates spelled as people and cameras do: some full-width, some with a "·" or a space
    /// after the authority letter, some in lower case.
    private static func messySpellings(of plates: [PlateNumber], seed: UInt64) -> [String] {
        var rng = SplitMix64(seed: seed)
        return plates.map { p in
            var out = ""
            for (i, s) in p.text.unicodeScalars.enumerated() {
                let roll = rng.next() % 8
                if i == 2 && roll < 3 { out.unicodeScalars.append(roll == 0 ? "·" : " ") }
                if s.isASCII && roll == 3 {
                    out.unicodeScalars.append(Unicode.Scalar(s.value + 0xFEE0)!)
                } else if s.isASCII && roll == 4 {
                    out += String(s).lowercased()
                } else {
                    out.unicodeScalars.append(s)
                }
            }
            return out
        }
    }

    private static func plate(_ text: String) -> PlateNumber {
        do {
            return try PlateNumber.normalise(text)
        } catch {
            preconditionFailure("generated plate \(text) is not valid: \(error)")
        }
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
