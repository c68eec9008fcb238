import Foundation
import PinganCore
import PinganGeo
import Testing

@Suite("Sensing: plate watchlist index")
struct PlateIndexTests {
    static func plate(_ raw: String) -> PlateNumber {
        do { return try PlateNumber.normalise(raw) } catch { fatalError("\(raw): \(error)") }
    }

    static func sorted(_ matches: [PlateMatch]) -> [PlateMatch] {
        matches.sorted { $0.entry < $1.entry }
    }

    func matches(_ index: PlateIndex, _ raw: String) -> [PlateMatch] {
        var found: [PlateMatch] = []
        index.matches(Self.plate(raw), into: &found)
        return Self.sorted(found)
    }

    @Test func exactLookUps() {
        let index = PlateIndex([
            (Self.plate("京A12345"), 7, false), (Self.plate("京A12345"), 3, true), (Self.plate("粤BD12345"), 9, false),
            (Self.plate("京A12345"), 7, true),  // the same pair again: kept once, fuzzy
        ])
        #expect(index.count == 3)
        #expect(index.fuzzyCount == 2)
        #expect(index.exact(Self.plate("京A12345")) == [3, 7])
        #expect(index.firstExact(Self.plate("京A12345")) == 3)
        #expect(index.exact(Self.plate("粤BD12345")) == [9])
        #expect(index.firstExact(Self.plate("粤BD12346")) == nil)
        #expect(index.exact(Self.plate("京A12346")) == [])
        #expect(matches(index, "京A12345") == [PlateMatch(entry: 3, exact: true), PlateMatch(entry: 7, exact: true)])
    }

    @Test func anEmptyIndexMatchesNothing() {
        let index = PlateIndex([])
        #expect(index.count == 0)
        #expect(index.firstExact(Self.plate("京A12345")) == nil)
        #expect(matches(index, "京A12345").isEmpty)
    }

    @Test func confusableCharactersMatchFuzzilyAtFoldedDistanceZero() {
        let index = PlateIndex([(Self.plate("京B80512"), 1, true), (Self.plate("京B80512"), 2, false)])
        #expect(matches(index, "京B80512") == [PlateMatch(entry: 1, exact: true), PlateMatch(entry: 2, exact: true)])
        // Every serial character swapped for a confusable one (8→B, 0→D, 5→S, 1→L, 2→Z); the
        // authority letter stays, as no digit may stand there.
        #expect(matches(index, "京BBDSLZ") == [PlateMatch(entry: 1, exact: false)])
        #expect(matches(index, "京BBQ5IZ") == [PlateMatch(entry: 1, exact: false)])  // I in the serial is read as 1 anyway
        // Folded and then one more edit away.
        #expect(matches(index, "京BBDSLZ3") == [PlateMatch(entry: 1, exact: false)])
        #expect(matches(index, "京BBDSS3") == [])  // folded 京880553 against 京880512: two substitutions
    }

    @Test func oneEditAwayMatchesButATranspositionDoesNot() {
        let index = PlateIndex([(Self.plate("京A12345"), 1, true), (Self.plate("京A12345"), 2, false)])
        #expect(matches(index, "津A12345") == [PlateMatch(entry: 1, exact: false)])  // province misread
        #expect(matches(index, "京C12345") == [PlateMatch(entry: 1, exact: false)])  // authority misread
        #expect(matches(index, "京A12845") == [PlateMatch(entry: 1, exact: false)])  // substitution
        #expect(matches(index, "京A123457") == [PlateMatch(entry: 1, exact: false)])  // insertion (a new-energy length)
        #expect(matches(index, "京A1234警") == [PlateMatch(entry: 1, exact: false)])  // substitution by a suffix
        #expect(matches(index, "京A21345") == [])  // transposition: distance 2
        #expect(matches(index, "京A12399") == [])  // two substitutions
        let long = PlateIndex([(Self.plate("粤BD12345"), 5, true)])
        #expect(matches(long, "粤BD1245") == [PlateMatch(entry: 5, exact: false)])  // deletion
        #expect(matches(long, "粤B12345") == [PlateMatch(entry: 5, exact: false)])  // deletion of the first serial character
        #expect(matches(long, "粤D12345") == [PlateMatch(entry: 5, exact: false)])  // deletion of the authority letter
        #expect(matches(long, "粤BD99345") == [])
    }

    @Test func anEntryIsReportedOnceAndExactWins() {
        let index = PlateIndex([
            (Self.plate("京A12345"), 4, true), (Self.plate("京A12346"), 4, true), (Self.plate("京A12347"), 4, false),
            (Self.plate("京A88888"), 6, true), (Self.plate("京ABBBBB"), 6, true),
        ])
        #expect(matches(index, "京A12347") == [PlateMatch(entry: 4, exact: true)])
        #expect(matches(index, "京A12348") == [PlateMatch(entry: 4, exact: false)])
        #expect(matches(index, "京AB8B8B") == [PlateMatch(entry: 6, exact: false)])
        #expect(matches(index, "京A88888") == [PlateMatch(entry: 6, exact: true)])
    }

    @Test func theMatchArrayIsReplacedNotAppendedTo() {
        let index = PlateIndex([(Self.plate("京A12345"), 1, true)])
        var found = [PlateMatch(entry: 99, exact: true)]
        index.matches(Self.plate("京A12345"), into: &found)
        #expect(found == [PlateMatch(entry: 1, exact: true)])
        index.matches(Self.plate("沪C99999"), into: &found)
        #expect(found.isEmpty)
    }

    // MARK: - Against brute force

    /// The matching rule written out plainly: fold, then the textbook Levenshtein table.
    struct Oracle {
        static let fold: [Character: Character] = [
            "O": "0", "D": "0", "Q": "0", "I": "1", "L": "1", "B": "8", "S": "5", "Z": "2", "G": "6",
        ]
        let plates: [PlateNumber]
        let entries: [UInt32]
        let fuzzy: [Bool]
        let folded: [[UInt32]]
        /// A bit per character present and a bit per pair of neighbours present (each hashed to
        /// one of 64): one edit changes at most two of the first and four of the second, so more
        /// differing bits rule a pair out before the table is computed.
        let characters: [UInt64]
        let neighbours: [UInt64]

        init(_ rows: [(plate: PlateNumber, entry: UInt32, fuzzy: Bool)]) {
            plates = rows.map(\.plate)
            entries = rows.map(\.entry)
            fuzzy = rows.map(\.fuzzy)
            folded = rows.map { Self.folded($0.plate) }
            characters = folded.map(Self.characterMask)
            neighbours = folded.map(Self.neighbourMask)
        }

        static func folded(_ plate: PlateNumber) -> [UInt32] {
            plate.text.map { fold[$0] ?? $0 }.map { $0.unicodeScalars.first!.value }
        }

        static func characterMask(_ s: [UInt32]) -> UInt64 { s.reduce(0) { $0 | 1 << UInt64($1 % 64) } }

        static func neighbourMask(_ s: [UInt32]) -> UInt64 {
            zip(s, s.dropFirst()).reduce(0) { $0 | 1 << UInt64(($1.0 &* 31 &+ $1.1) % 64) }
        }

        /// The textbook table, row by row; stops at 2 once a whole row exceeds 1 (rows never decrease).
        static func levenshtein(_ a: [UInt32], _ b: [UInt32]) -> Int {
            var previous = Array(0...b.count)
            var current = previous
            for i in 1...a.count {
                current[0] = i
                var smallest = i
                for j in 1...b.count {
                    current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                    smallest = min(smallest, current[j])
                }
                if smallest > 1 { return 2 }
                swap(&previous, &current)
            }
            return previous[b.count]
        }

        /// Entry → exact, over every row.
        func matches(_ query: PlateNumber) -> [UInt32: Bool] {
            let q = Self.folded(query)
            let qCharacters = Self.characterMask(q)
            let qNeighbours = Self.neighbourMask(q)
            var candidates: [Int] = []
            characters.withUnsafeBufferPointer { c in
                neighbours.withUnsafeBufferPointer { n in
                    for row in 0..<c.count where (c[row] ^ qCharacters).nonzeroBitCount <= 2 && (n[row] ^ qNeighbours).nonzeroBitCount <= 4 {
                        candidates.append(row)
                    }
                }
            }
            var out: [UInt32: Bool] = [:]
            for row in candidates {
                if plates[row] == query {
                    out[entries[row]] = true
                } else if fuzzy[row], Self.levenshtein(folded[row], q) <= 1, out[entries[row]] == nil {
                    out[entries[row]] = false
                }
            }
            return out
        }
    }

    /// Plates from a small alphabet rich in confusable characters, so that neighbourhoods are
    /// crowded and most reads match several entries.
    struct Generator {
        var rng: SplitMix64
        static let provinces = Array("京津沪")
        static let authorities = Array("ABDLSZ")
        static let serial = Array("0DQ1L8B5S2Z6GA")
        static let suffixes = Array("警学")
        static let groups = ["0DQO", "1LI", "8B", "5S", "2Z", "6G"].map(Array.init)
        static let anything = Array("京津沪粤ABDGLQSZCX0123456789警学")

        mutating func pick<T>(_ from: [T]) -> T { from[Int(rng.next() % UInt64(from.count))] }

        mutating func randomPlate() -> PlateNumber {
            var s = [pick(Self.provinces), pick(Self.authorities)]
            let kind = rng.next() % 20
            let length = kind == 0 ? 4 : kind < 3 ? 6 : 5
            for _ in 0..<length { s.append(pick(Self.serial)) }
            if length == 4 { s.append(pick(Self.suffixes)) }
            return PlateIndexTests.plate(String(s))
        }

        /// One substitution, insertion or deletion anywhere, until the result is a plate.
        mutating func oneEdit(_ plate: PlateNumber) -> PlateNumber {
            while true {
                var s = Array(plate.text)
                switch rng.next() % 3 {
                case 0: s[Int(rng.next() % UInt64(s.count))] = pick(Self.anything)
                case 1: s.insert(pick(Self.anything), at: Int(rng.next() % UInt64(s.count + 1)))
                default: s.remove(at: Int(rng.next() % UInt64(s.count)))
                }
                if let p = try? PlateNumber.normalise(String(s)) { return p }
            }
        }

        /// Some characters swapped for others of their confusable group.
        mutating func confusableSwapped(_ plate: PlateNumber) -> PlateNumber {
            while true {
                var s = Array(plate.text)
                for _ in 0..<(1 + rng.next() % 3) {
                    let i = Int(rng.next() % UInt64(s.count))
                    if let group = Self.groups.first(where: { $0.contains(s[i]) }) { s[i] = pick(group) }
                }
                if let p = try? PlateNumber.normalise(String(s)) { return p }
            }
        }
    }

    @Test func agreesWithBruteForceOnAHundredThousandReads() {
        var g = Generator(rng: SplitMix64(seed: 42))
        var rows: [(plate: PlateNumber, entry: UInt32, fuzzy: Bool)] = []
        for i in 0..<2_000 {
            let plate = i % 97 == 5 ? rows[i - 3].plate : g.randomPlate()  // some plates on several entries
            let entry = i % 53 == 7 ? rows[i - 5].entry : UInt32(i)  // some entries with several plates
            rows.append((plate, entry, g.rng.next() % 3 != 0))
        }
        rows.append(rows[10])  // a repeated row
        let index = PlateIndex(rows)
        let oracle = Oracle(rows)

        var found: [PlateMatch] = []
        var known: [PlateNumber: [UInt32: Bool]] = [:]  // the brute force's answers, as reads repeat
        var mismatches = 0
        var tally = (reads: 0, matched: 0, several: 0, exact: 0, fuzzy: 0)
        for n in 0..<100_000 {
            let listed = rows[Int(g.rng.next() % UInt64(rows.count))].plate
            let query: PlateNumber
            switch n % 4 {
            case 0: query = listed
            case 1: query = g.oneEdit(listed)
            case 2: query = g.rng.next() % 3 == 0 ? g.oneEdit(g.confusableSwapped(listed)) : g.confusableSwapped(listed)
            default: query = g.randomPlate()
            }
            index.matches(query, into: &found)
            var got: [UInt32: Bool] = [:]
            for m in found {
                if got[m.entry] != nil { mismatches += 1 }  // an entry twice
                got[m.entry] = m.exact
            }
            let expected = known[query] ?? oracle.matches(query)
            known[query] = expected
            if got != expected {
                mismatches += 1
                if mismatches <= 5 { Issue.record("\(query): index \(got), brute force \(expected)") }
            }
            tally.reads += 1
            tally.matched += expected.isEmpty ? 0 : 1
            tally.several += expected.count > 1 ? 1 : 0
            tally.exact += expected.values.filter { $0 }.count
            tally.fuzzy += expected.values.filter { !$0 }.count
        }
        #expect(mismatches == 0)
        // The reads exercised both kinds of match, often several at once.
        #expect(tally.matched > 55_000)
        #expect(tally.several > 5_000)
        #expect(tally.exact > 30_000)
        #expect(tally.fuzzy > 30_000)
    }
}
