import Foundation

/// The plates the demo city's checkpoint gates read (卡口过车), and the misreads a real plate
/// camera makes.
///
/// Passing traffic is mostly Shanghai's own (沪 with its issuing letters) and some from other
/// provinces: blue plates on cars, green new-energy plates (D or F and five digits), yellow on
/// lorries and buses. Every plate is valid as `PlateNumber` checks it (GA 36-2018), so a batch of
/// them is never refused.
///
/// Misreads are what a watchlist's fuzzy entries are for:
/// - `ioConfused`: a 1 read as I or a 0 as O. No issued serial holds I or O, so normalising the
///   read turns them back and the hit is exact.
/// - `oneOff`: one serial character read as its look-alike (8/B, 0/D, 5/S, 2/Z, 6/G, 1/L) or as
///   another character: one edit away, so a fuzzy hit for an entry that asks for them and none
///   for one that does not.
public enum DemoPlates {
    /// One vehicle as a gate reports it.
    public struct Read: Sendable, Hashable {
        public var plate: String
        /// `blue`, `green` or `yellow`.
        public var colour: String
        /// `car`, `suv`, `van`, `truck` or `bus`.
        public var vehicleType: String
    }

    static let shanghai = Array("ABCDEFGHJKLMNR")
    static let elsewhere = Array("苏浙皖京粤鲁赣豫")
    static let digits = Array("0123456789")
    /// Serial letters: A–Z without I and O, which are never issued.
    static let letters = Array("ABCDEFGHJKLMNPQRSTUVWXYZ")
    static let lookalikes: [Character: Character] = ["8": "B", "B": "8", "0": "D", "D": "0", "Q": "0", "5": "S", "S": "5", "2": "Z", "Z": "2",
                                                     "6": "G", "G": "6", "1": "L", "L": "1"]

    /// Uniform in `0..<n`. (Not `SeededRandom.index`, which as written returns 0 for every `n`
    /// below 2³²: its `>> 32` binds tighter than `&*`.)
    static func pick(_ n: Int, _ rng: inout SeededRandom) -> Int { min(n - 1, Int(rng.uniform() * Double(n))) }

    /// A plate passing a gate: 80 % Shanghai's; 15 % new-energy, 10 % lorries and buses.
    public static func passing(_ rng: inout SeededRandom) -> Read {
        var plate: [Character]
        if rng.uniform() < 0.8 {
            plate = ["沪", shanghai[pick(shanghai.count, &rng)]]
        } else {
            plate = [elsewhere[pick(elsewhere.count, &rng)], shanghai[pick(8, &rng)]]
        }
        let kind = rng.uniform()
        if kind < 0.15 {
            plate.append(rng.uniform() < 0.7 ? "D" : "F")
            for _ in 0..<5 { plate.append(digits[pick(10, &rng)]) }
            return Read(plate: String(plate), colour: "green", vehicleType: "car")
        }
        var serial = (0..<5).map { _ in digits[pick(10, &rng)] }
        if rng.uniform() < 0.3 {
            for _ in 0..<(1 + pick(2, &rng)) { serial[pick(5, &rng)] = letters[pick(letters.count, &rng)] }
        }
        plate += serial
        if kind < 0.25 { return Read(plate: String(plate), colour: "yellow", vehicleType: rng.uniform() < 0.6 ? "truck" : "bus") }
        let body = rng.uniform()
        return Read(plate: String(plate), colour: "blue", vehicleType: body < 0.7 ? "car" : body < 0.95 ? "suv" : "van")
    }

    /// `plate` with one serial 1 read as I or 0 as O; nil when its serial has neither.
    public static func ioConfused(_ plate: String, _ rng: inout SeededRandom) -> String? {
        var chars = Array(plate)
        let spots = chars.indices.filter { $0 >= 2 && (chars[$0] == "1" || chars[$0] == "0") }
        guard !spots.isEmpty else { return nil }
        let i = spots[pick(spots.count, &rng)]
        chars[i] = chars[i] == "1" ? "I" : "O"
        return String(chars)
    }

    /// `plate` with one serial character misread: as its look-alike where it has one (seven
    /// times in ten), else as another digit or letter. Always one edit from `plate`.
    public static func oneOff(_ plate: String, _ rng: inout SeededRandom) -> String {
        var chars = Array(plate)
        guard chars.count > 2 else { return plate }
        let i = 2 + pick(chars.count - 2, &rng)
        let c = chars[i]
        if let twin = lookalikes[c], rng.uniform() < 0.7 {
            chars[i] = twin
        } else {
            let pool = (c.isNumber ? digits : letters).filter { $0 != c }
            chars[i] = pool[pick(pool.count, &rng)]
        }
        return String(chars)
    }
}
