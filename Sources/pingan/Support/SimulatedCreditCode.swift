import PinganCore
import PinganGeo

/// Unified social credit codes for simulated organisations (the demo's registries): a company's
/// shape — registration authority 9, type 1, a Shanghai district's code, a nine-character
/// organisation code — with the GB 32100 check character, so they pass the same check as a real one.
enum SimulatedCreditCode {
    static let districts = ["310101", "310104", "310105", "310106", "310107", "310109", "310110", "310115"]

    static func next(_ random: inout SplitMix64) -> String {
        let body = "91" + districts[Int(random.next() % UInt64(districts.count))]
            + String((0..<9).map { _ in CreditCode.alphabet[Int(random.next() % UInt64(CreditCode.alphabet.count))] })
        return body + String(CreditCode.checkCharacter(body))
    }
}
