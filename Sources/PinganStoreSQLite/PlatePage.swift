import Foundation

/// One page of a plate run's index (`sensor_plate_pages`): the run's entries for a range of
/// plates, sorted and packed into one blob of `width` bytes each, keyed by the first entry's
/// plate.
///
/// Why pages and not a row per read: a run of 18,000 reads inserted as rows held the one writer
/// for ~25 ms (about 1.2 µs a row in the B-tree), and every gate's alert commit waited behind it;
/// the same run as ~140 blobs is written in a few milliseconds. A look-up reads one page per run
/// (the last whose first plate is not past the one asked for): a page is cut only where the plate
/// changes, so all of a plate's entries in a run are on that page.
struct PlatePage {
    /// A read's place in the index: its plate's key, then where its record is.
    struct Entry: Comparable, Sendable {
        var key: Key
        var chunk: Int64
        var seq: Int64

        static func < (a: Entry, b: Entry) -> Bool { (a.key, a.chunk, a.seq) < (b.key, b.chunk, b.seq) }
    }

    /// A plate's first 16 UTF-8 bytes as two big-endian words, zero-padded: compared as numbers
    /// they order plates as SQLite orders the blob of the same bytes. Every canonical plate
    /// (`PlateNumber`) has at most 11 bytes, so its key is exact; a longer text shares its key with
    /// any other of the same first 16 bytes, and the look-up checks those against the chunk.
    struct Key: Comparable, Hashable, Sendable {
        var hi: UInt64
        var lo: UInt64

        init(hi: UInt64, lo: UInt64) {
            self.hi = hi
            self.lo = lo
        }

        init(_ plate: some StringProtocol) {
            self.init(plate.utf8)
        }

        init(_ bytes: some Sequence<UInt8>) {
            var hi: UInt64 = 0, lo: UInt64 = 0, n = 0
            for b in bytes {
                if n < 8 { hi |= UInt64(b) << (56 - 8 * n) } else if n < 16 { lo |= UInt64(b) << (56 - 8 * (n - 8)) } else { break }
                n += 1
            }
            self.hi = hi
            self.lo = lo
        }

        /// Whether the key holds the whole plate.
        static func isExact(_ plate: some StringProtocol) -> Bool { plate.utf8.count <= 16 }

        static func < (a: Key, b: Key) -> Bool { (a.hi, a.lo) < (b.hi, b.lo) }

        /// The 16 bytes, as the page's `first_key` column.
        var bytes: Data {
            var d = Data(count: 16)
            d.withUnsafeMutableBytes { raw in
                raw.storeBytes(of: hi.bigEndian, toByteOffset: 0, as: UInt64.self)
                raw.storeBytes(of: lo.bigEndian, toByteOffset: 8, as: UInt64.self)
            }
            return d
        }
    }

    /// Bytes per entry: key, chunk and position, each word big-endian.
    static let width = 32
    /// Entries a page holds before it is cut at the next change of plate (a page of 128 fills
    /// about one 4 KiB database page).
    static let size = 128

    /// Where `sorted` is cut into pages: after at least `size` entries, where the plate changes.
    static func cuts(_ sorted: [Entry]) -> [Range<Int>] {
        var pages: [Range<Int>] = []
        var start = 0
        for i in sorted.indices where i - start >= size && sorted[i].key != sorted[i - 1].key {
            pages.append(start..<i)
            start = i
        }
        if start < sorted.count { pages.append(start..<sorted.count) }
        return pages
    }

    /// The entries of `page`, packed.
    static func encode(_ page: ArraySlice<Entry>) -> Data {
        var d = Data(count: page.count * width)
        d.withUnsafeMutableBytes { raw in
            for (i, e) in page.enumerated() {
                raw.storeBytes(of: e.key.hi.bigEndian, toByteOffset: i * width, as: UInt64.self)
                raw.storeBytes(of: e.key.lo.bigEndian, toByteOffset: i * width + 8, as: UInt64.self)
                raw.storeBytes(of: UInt64(bitPattern: e.chunk).bigEndian, toByteOffset: i * width + 16, as: UInt64.self)
                raw.storeBytes(of: UInt64(bitPattern: e.seq).bigEndian, toByteOffset: i * width + 24, as: UInt64.self)
            }
        }
        return d
    }

    /// The chunk and position of every entry of `page` with `key`, found by bisection.
    static func matches(_ key: Key, in page: Data) -> [(chunk: Int64, seq: Int64)] {
        page.withUnsafeBytes { raw in
            let count = raw.count / width
            func keyAt(_ i: Int) -> Key {
                Key(hi: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: i * width, as: UInt64.self)),
                    lo: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: i * width + 8, as: UInt64.self)))
            }
            var low = 0, high = count
            while low < high {
                let mid = (low + high) / 2
                if keyAt(mid) < key { low = mid + 1 } else { high = mid }
            }
            var found: [(chunk: Int64, seq: Int64)] = []
            var i = low
            while i < count, keyAt(i) == key {
                found.append((Int64(bitPattern: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: i * width + 16, as: UInt64.self))),
                              Int64(bitPattern: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: i * width + 24, as: UInt64.self)))))
                i += 1
            }
            return found
        }
    }
}
