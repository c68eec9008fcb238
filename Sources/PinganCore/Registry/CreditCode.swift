/// The unified social credit code (统一社会信用代码) of GB 32100-2015: 18 characters from the 31 of
/// `alphabet` (no I, O, S, V, Z), the last a check character over the first 17 with weights
/// 3^(i) mod 31. Typing mistakes (a swapped pair, a wrong character) fail the check.
public enum CreditCode {
    public static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// The code in upper case without spaces or hyphens, checked.
    public static func normalise(_ raw: String) throws(DomainError) -> String {
        let text = String(raw.uppercased().filter { $0 != " " && $0 != "-" })
        guard text.count == 18 else { throw DomainError.invalid("creditCode", "a unified social credit code has 18 characters") }
        for c in text {
            guard alphabet.contains(c) else {
                throw DomainError.invalid("creditCode", "a unified social credit code holds digits and the letters of GB 32100 (no I, O, S, V, Z): \(c)")
            }
        }
        let check = checkCharacter(String(text.prefix(17)))
        guard text.last == check else {
            throw DomainError.invalid("creditCode", "the check character of \(text) should be \(check): a character is mistyped")
        }
        return text
    }

    /// The check character for a code's first 17 characters (all from `alphabet`).
    public static func checkCharacter(_ first17: String) -> Character {
        let sum = zip(first17.map { alphabet.firstIndex(of: $0) ?? 0 }, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return alphabet[(31 - sum % 31) % 31]
    }
}
