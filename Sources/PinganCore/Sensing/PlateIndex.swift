import Foundation

/// A watchlist of plates, built once and read by every checkpoint camera: exact look-ups for all
/// entries, and fuzzy look-ups, which forgive one misread character, for the entries that ask.
///
/// Matching rule. A read matches an entry *exactly* when the two canonical plates are equal.
/// An entry built with `fuzzy: true` also matches *fuzzily* when, after folding the characters
/// cameras confuse to one representative,
///
///     0 O D Q → 0    1 I L → 1    8 B → 8    5 S → 5    2 Z → 2    6 G → 6
///
/// the two folded plates (province character included) are within Levenshtein distance 1: equal,
/// or one substitution, insertion or deletion apart. So a read differing from an entry only in
/// confusable characters is a fuzzy match at folded distance 0; a swap of two neighbouring
/// characters is distance 2 and no match. An entry is reported once per read, as exact if any of
/// its plates is equal to the read.
///
/// Layout (why not a `Dictionary`): cameras send reads continuously, and a watchlist can hold a
/// million plates, so look-ups touch only flat arrays, hash 64-bit integers and never allocate
/// on the exact path. Each plate is already packed into 64 bits (`PlateNumber.key`).
/// - Exact: open addressing with linear probing over the distinct keys (power-of-two size, load
///   at most 1/2); a slot names a run of entries in `exactEntries`, sorted so that duplicates of
///   the same plate and entry are dropped. A miss, the usual case, reads one cache line.
/// - Fuzzy: a deletion neighbourhood. Every fuzzy entry's folded key and each of its distinct
///   single-deletion keys go into one multi-map (open addressing, load at most 1/2, a 31-bit
///   fingerprint of the key beside the row number, duplicates allowed). Two strings within one
///   edit are equal, or one is a single deletion of the other, or they share a single deletion;
///   so a read looks up its folded key and its own distinct single-deletion keys (at most 9
///   look-ups, their first slots read together), and each candidate found is confirmed by a
///   Levenshtein ≤ 1 test on the packed folded forms, which drops fingerprint collisions and
///   the transpositions that also share a deletion.
///
/// Size: about 8 keys per fuzzy entry; a million fuzzy entries take some 175 MB and about a
/// second to build.
public struct PlateIndex: Sendable {
    /// Distinct (plate, entry) pairs held.
    public let count: Int
    /// How many of them match fuzzily.
    public let fuzzyCount: Int

    private let exactKeys: [UInt64]  // 0 = empty slot
    private let exactRuns: [UInt64]  // per slot: start << 32 | length, into exactEntries
    private let exactEntries: [UInt32]
    private let exactShift: UInt64
    private let exactMask: Int

    private let fuzzySlots: [UInt64]  // fingerprint << 32 | row; 0 = empty slot
    private let fuzzyShift: UInt64
    private let fuzzyMask: Int
    private let fuzzyFolded: [UInt64]  // per row: the folded key
    private let fuzzyEntries: [UInt32]  // per row: the caller's entry

    /// Builds the index (about a second for a million fuzzy entries).
    ///
    /// - Parameter entries: the plates to watch for. `entry` is the caller's handle, returned by
    ///   look-ups; several plates may share one, and one plate may carry several. `fuzzy` asks
    ///   for one-misread matches of that plate as well as exact ones.
    public init(_ entries: [(plate: PlateNumber, entry: UInt32, fuzzy: Bool)]) {
        var rows = entries.map { (key: $0.plate.key, entry: $0.entry, fuzzy: $0.fuzzy) }
        rows.sort { $0.key != $1.key ? $0.key < $1.key : $0.entry < $1.entry }

        // Drop repeated (plate, entry) pairs, keeping fuzzy if any copy asked for it.
        var unique: [(key: UInt64, entry: UInt32, fuzzy: Bool)] = []
        unique.reserveCapacity(rows.count)
        for row in rows {
            if let last = unique.last, last.key == row.key, last.entry == row.entry {
                if row.fuzzy { unique[unique.count - 1].fuzzy = true }
            } else {
                unique.append(row)
            }
        }
        rows = []
        count = unique.count

        // Exact: one slot per distinct key, naming its run of entries.
        var distinct = 0
        for i in unique.indices where i == 0 || unique[i].key != unique[i - 1].key { distinct += 1 }
        let exactBits = Self.tableBits(for: distinct)
        exactShift = UInt64(64 - exactBits)
        exactMask = (1 << exactBits) - 1
        var keys = [UInt64](repeating: 0, count: 1 << exactBits)
        var runs = [UInt64](repeating: 0, count: 1 << exactBits)
        var start = 0
        while start < unique.count {
            var end = start + 1
            while end < unique.count && unique[end].key == unique[start].key { end += 1 }
            let key = unique[start].key
            var slot = Int(truncatingIfNeeded: Self.mix(key) >> exactShift)
            while keys[slot] != 0 { slot = (slot + 1) & exactMask }
            keys[slot] = key
            runs[slot] = UInt64(start) << 32 | UInt64(end - start)
            start = end
        }
        exactKeys = keys
        exactRuns = runs
        exactEntries = unique.map(\.entry)

        // Fuzzy: the folded key and its distinct single deletions, each pointing at its row.
        var folded: [UInt64] = []
        var fuzzyEntries: [UInt32] = []
        var neighbourhood = 0
        for row in unique where row.fuzzy {
            let f = Self.fold(row.key)
            folded.append(f)
            fuzzyEntries.append(row.entry)
            neighbourhood += 1 + Self.distinctDeletions(f)
        }
        fuzzyCount = folded.count
        let fuzzyBits = Self.tableBits(for: neighbourhood)
        let fuzzyShift = UInt64(64 - fuzzyBits)
        let fuzzyMask = (1 << fuzzyBits) - 1
        var slots = [UInt64](repeating: 0, count: 1 << fuzzyBits)
        slots.withUnsafeMutableBufferPointer { table in
            func insert(_ key: UInt64, row: Int) {
                let h = Self.mix(key)
                var slot = Int(truncatingIfNeeded: h >> fuzzyShift)
                while table[slot] != 0 { slot = (slot + 1) & fuzzyMask }
                table[slot] = Self.fingerprint(h) << 32 | UInt64(row)
            }
            for (row, f) in folded.enumerated() {
                insert(f, row: row)
                var previous: UInt64 = 0
                for i in 0..<Self.length(f) {
                    let symbol = (f >> (PlateSymbols.bits * UInt64(i))) & PlateSymbols.mask
                    if symbol != previous { insert(Self.delete(f, at: i), row: row) }
                    previous = symbol
                }
            }
        }
        self.fuzzyShift = fuzzyShift
        self.fuzzyMask = fuzzyMask
        fuzzySlots = slots
        fuzzyFolded = folded
        self.fuzzyEntries = fuzzyEntries
    }

    /// The entries whose plate is exactly `plate` (usually none or one), in ascending order.
    public func exact(_ plate: PlateNumber) -> [UInt32] {
        guard let slot = exactSlot(plate.key) else { return [] }
        let run = exactRuns[slot]
        let start = Int(run >> 32)
        return Array(exactEntries[start..<start + Int(run & 0xFFFF_FFFF)])
    }

    /// The lowest entry whose plate is exactly `plate`: the hot path for a camera read, with no
    /// allocation and, on a miss, one cache line read.
    public func firstExact(_ plate: PlateNumber) -> UInt32? {
        guard let slot = exactSlot(plate.key) else { return nil }
        return exactEntries[Int(exactRuns[slot] >> 32)]
    }

    /// Every entry the read matches: exact matches of all entries, then fuzzy matches of the
    /// entries built with `fuzzy: true` (see the matching rule above), each entry once.
    ///
    /// - Parameters:
    ///   - plate: the read.
    ///   - result: replaced by the matches; pass the same array for every read and its capacity
    ///     is reused, so a read that matches nothing allocates nothing.
    public func matches(_ plate: PlateNumber, into result: inout [PlateMatch]) {
        result.removeAll(keepingCapacity: true)
        if let slot = exactSlot(plate.key) {
            let run = exactRuns[slot]
            let start = Int(run >> 32)
            for i in start..<start + Int(run & 0xFFFF_FFFF) {
                result.append(PlateMatch(entry: exactEntries[i], exact: true))
            }
        }
        guard fuzzyCount > 0 else { return }
        // The keys to look up: the folded read and its distinct single deletions (at most 9).
        let f = Self.fold(plate.key)
        var hashes = InlineArray<9, UInt64>(repeating: 0)
        var slots = InlineArray<9, Int>(repeating: 0)
        var firsts = InlineArray<9, UInt64>(repeating: 0)
        hashes[0] = Self.mix(f)
        var n = 1
        var previous: UInt64 = 0
        for i in 0..<Self.length(f) {
            let symbol = (f >> (PlateSymbols.bits * UInt64(i))) & PlateSymbols.mask
            if symbol != previous {
                hashes[n] = Self.mix(Self.delete(f, at: i))
                n += 1
            }
            previous = symbol
        }
        // Read every key's first slot before looking at any: the reads are independent, so the
        // memory system serves them together instead of one cache miss after another.
        for k in 0..<n {
            slots[k] = Int(truncatingIfNeeded: hashes[k] >> fuzzyShift)
            firsts[k] = fuzzySlots[slots[k]]
        }
        for k in 0..<n where firsts[k] != 0 {
            collect(fingerprint: Self.fingerprint(hashes[k]), from: slots[k], read: f, into: &result)
        }
    }

    /// Bytes held by the index's tables.
    public var byteCount: Int {
        (exactKeys.count + exactRuns.count + fuzzySlots.count + fuzzyFolded.count) * 8
            + (exactEntries.count + fuzzyEntries.count) * 4
    }

    // MARK: - Look-ups

    private func exactSlot(_ key: UInt64) -> Int? {
        var slot = Int(truncatingIfNeeded: Self.mix(key) >> exactShift)
        while true {
            let k = exactKeys[slot]
            if k == key { return slot }
            if k == 0 { return nil }
            slot = (slot + 1) & exactMask
        }
    }

    /// Adds the fuzzy rows in the probe run from `slot` whose fingerprint is `fingerprint` and
    /// that are within one edit of the folded `read`.
    private func collect(fingerprint: UInt64, from slot: Int, read: UInt64, into result: inout [PlateMatch]) {
        var slot = slot
        while true {
            let s = fuzzySlots[slot]
            if s == 0 { return }
            if s >> 32 == fingerprint {
                let row = Int(truncatingIfNeeded: s & 0xFFFF_FFFF)
                if Self.withinOneEdit(fuzzyFolded[row], read) {
                    let entry = fuzzyEntries[row]
                    if !result.contains(where: { $0.entry == entry }) {
                        result.append(PlateMatch(entry: entry, exact: false))
                    }
                }
            }
            slot = (slot + 1) & fuzzyMask
        }
    }

    // MARK: - Packed keys

    /// log2 of the smallest power-of-two table holding `n` keys at load 1/2 or less (at least 16 slots).
    private static func tableBits(for n: Int) -> Int {
        var bits = 4
        while (1 << bits) < 2 * n { bits += 1 }
        return bits
    }

    /// A 64-bit finaliser (MurmurHash3's): every key bit moves every hash bit, so the top bits
    /// choose the slot and the low bits make an independent fingerprint.
    @inline(__always) static func mix(_ key: UInt64) -> UInt64 {
        var x = key
        x ^= x >> 33
        x &*= 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x &*= 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }

    /// 31 bits of the hash, never 0, so a slot of 0 means empty.
    @inline(__always) static func fingerprint(_ h: UInt64) -> UInt64 { (h & 0xFFFF_FFFF) | 1 }

    /// Number of symbols in a key.
    @inline(__always) static func length(_ key: UInt64) -> Int {
        key == 0 ? 0 : (64 - key.leadingZeroBitCount + 6) / 7
    }

    /// The key with symbol `i` removed and the later ones moved down.
    @inline(__always) static func delete(_ key: UInt64, at i: Int) -> UInt64 {
        let low = key & ((1 << (PlateSymbols.bits * UInt64(i))) - 1)
        let high = (key >> (PlateSymbols.bits * UInt64(i + 1))) << (PlateSymbols.bits * UInt64(i))
        return low | high
    }

    /// Single deletions of a key that differ from each other: deleting any symbol of a run of
    /// equal symbols gives the same key, so one per run.
    static func distinctDeletions(_ key: UInt64) -> Int {
        var runs = 0
        var previous: UInt64 = 0
        for i in 0..<length(key) {
            let symbol = (key >> (PlateSymbols.bits * UInt64(i))) & PlateSymbols.mask
            if symbol != previous { runs += 1 }
            previous = symbol
        }
        return runs
    }

    /// Each symbol replaced by its confusable group's representative (see the matching rule).
    @inline(__always) static func fold(_ key: UInt64) -> UInt64 {
        var out: UInt64 = 0
        var rest = key
        var shift: UInt64 = 0
        while rest != 0 {
            out |= UInt64(foldSymbol(UInt8(truncatingIfNeeded: rest & PlateSymbols.mask))) << shift
            rest >>= PlateSymbols.bits
            shift += PlateSymbols.bits
        }
        return out
    }

    /// Symbol numbers from `PlateSymbols`: digits 32 + d, letters 42 + (letter - "A").
    @inline(__always) static func foldSymbol(_ s: UInt8) -> UInt8 {
        switch s {
        case 56, 45, 58: 32  // O D Q → 0
        case 50, 53: 33  // I L → 1
        case 43: 40  // B → 8
        case 60: 37  // S → 5
        case 67: 34  // Z → 2
        case 48: 38  // G → 6
        default: s
        }
    }

    /// Whether two packed keys are within Levenshtein distance 1. Same length: at most one
    /// symbol differs. Lengths one apart: deleting the longer key's first differing symbol gives
    /// the shorter (any other working deletion lies in a run of equal symbols ending there).
    @inline(__always) static func withinOneEdit(_ a: UInt64, _ b: UInt64) -> Bool {
        if a == b { return true }
        let la = length(a), lb = length(b)
        if la == lb {
            let x = a ^ b
            let lane = UInt64(x.trailingZeroBitCount / 7)
            return x & ~(PlateSymbols.mask << (PlateSymbols.bits * lane)) == 0
        }
        guard la == lb + 1 || lb == la + 1 else { return false }
        let (long, short) = la > lb ? (a, b) : (b, a)
        let first = (long ^ short).trailingZeroBitCount / 7
        return delete(long, at: first) == short
    }
}

/// One watchlist entry a read matched, and whether it matched exactly or only fuzzily.
public struct PlateMatch: Hashable, Sendable {
    /// The caller's handle given when the index was built.
    public var entry: UInt32
    /// True when one of the entry's plates equals the read; false for a fuzzy match.
    public var exact: Bool

    public init(entry: UInt32, exact: Bool) {
        self.entry = entry
        self.exact = exact
    }
}
