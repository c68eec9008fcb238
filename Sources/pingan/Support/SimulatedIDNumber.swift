import PinganGeo

/// Resident ID numbers for simulated people (the demo's registries, the registries benchmark):
/// the real shape — a Shanghai district's code, a birth date between 1940 and 2005, a sequence —
/// with the real ISO 7064 check character, so they pass the same checks as a real one.
enum SimulatedIDNumber {
    static let regions = ["310101", "310104", "310105", "310106", "310107", "310109", "310110", "310115"]
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

    static func next(_ random: inout SplitMix64) -> String {
        let year = 1940 + Int(random.next() % 66), month = 1 + Int(random.next() % 12), day = 1 + Int(random.next() % 28)
        let body = regions[Int(random.next() % UInt64(regions.count))] + String(year) + two(month) + two(day) + three(Int(random.next() % 1000))
        let sum = zip(body.utf8, weights).reduce(0) { $0 + Int($1.0 - 48) * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
    private static func three(_ n: Int) -> String { n < 10 ? "00\(n)" : n < 100 ? "0\(n)" : String(n) }
}
