import Foundation

/// The markup an EIDO carries inside its JSON strings: PIDF-LO XML in location components and
/// HTML fragments in notes. Both are read only as far as the platform needs (a position, a
/// civic address, a note's words), by a small scanner rather than an XML library: the core has
/// no XML dependency (the CAP reader lives in the server), and neither use needs namespaces,
/// validation or entity definitions. A DOCTYPE is refused outright, as CAP import refuses it,
/// so no document can define entities that expand.
enum EIDOMarkup {
    /// An element with no child elements: its local name (prefix dropped), the local names of
    /// the elements around it (outermost first), the nearest `srsName` on it or around it, and
    /// its text with references resolved.
    struct Leaf: Hashable {
        var name: String
        var ancestors: [String]
        var srsName: String?
        var text: String
    }

    /// The leaf elements of `xml` in document order, or nil when it is not well-formed enough
    /// to trust (unbalanced or unterminated tags, a DOCTYPE).
    static func leaves(_ xml: String) -> [Leaf]? {
        let b = Array(xml.utf8)
        var i = 0
        var stack: [(qualified: [UInt8], local: String, srsName: String?, hasChild: Bool)] = []
        var text: [UInt8] = []
        var out: [Leaf] = []
        while i < b.count {
            guard b[i] == UInt8(ascii: "<") else {
                text.append(b[i])
                i += 1
                continue
            }
            if has(b, at: i, "<!--") {
                guard let end = find(b, "-->", from: i + 4) else { return nil }
                i = end + 3
            } else if has(b, at: i, "<![CDATA[") {
                guard let end = find(b, "]]>", from: i + 9) else { return nil }
                // Kept escaped so the one unescape at the end leaves it as written.
                text.append(contentsOf: escape(String(decoding: b[(i + 9)..<end], as: UTF8.self), quotes: false).utf8)
                i = end + 3
            } else if has(b, at: i, "<!") {
                return nil  // DOCTYPE or another declaration
            } else if has(b, at: i, "<?") {
                guard let end = find(b, "?>", from: i + 2) else { return nil }
                i = end + 2
            } else if has(b, at: i, "</") {
                guard let end = find(b, ">", from: i + 2), let top = stack.popLast() else { return nil }
                let name = Array(b[(i + 2)..<end].filter { !isSpace($0) })
                guard name == top.qualified else { return nil }
                if !top.hasChild {
                    out.append(Leaf(name: top.local, ancestors: stack.map(\.local), srsName: top.srsName ?? stack.last { $0.srsName != nil }?.srsName,
                                    text: unescape(String(decoding: text, as: UTF8.self))))
                }
                text = []
                i = end + 1
            } else {
                guard let end = tagEnd(b, from: i + 1) else { return nil }
                var body = Array(b[(i + 1)..<end])
                let selfClosing = body.last == UInt8(ascii: "/")
                if selfClosing { body.removeLast() }
                let nameEnd = body.firstIndex(where: isSpace) ?? body.count
                let qualified = Array(body[..<nameEnd])
                guard !qualified.isEmpty else { return nil }
                let local = String(decoding: qualified.split(separator: UInt8(ascii: ":")).last ?? qualified[...], as: UTF8.self)
                let srsName = attribute("srsName", in: body[nameEnd...])
                if !stack.isEmpty { stack[stack.count - 1].hasChild = true }
                text = []
                if selfClosing {
                    out.append(Leaf(name: local, ancestors: stack.map(\.local), srsName: srsName ?? stack.last { $0.srsName != nil }?.srsName, text: ""))
                } else {
                    stack.append((qualified, local, srsName, false))
                }
                i = end + 1
            }
        }
        return stack.isEmpty ? out : nil
    }

    /// `&`, `<` and `>` (and, for attribute values, both quotes) as references.
    static func escape(_ s: String, quotes: Bool = true) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            case "'" where quotes: out += "&apos;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// XML's five named references, HTML's `&nbsp;` and numeric references resolved; anything
    /// else (an unknown name, a code point that is no character) is left as written.
    static func unescape(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = ""
        var rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            guard let semi = after.prefix(12).firstIndex(of: ";") else {
                out += "&"
                rest = after
                continue
            }
            let name = after[..<semi]
            var resolved: String?
            switch name {
            case "amp": resolved = "&"
            case "lt": resolved = "<"
            case "gt": resolved = ">"
            case "quot": resolved = "\""
            case "apos": resolved = "'"
            case "nbsp": resolved = "\u{A0}"
            default:
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    resolved = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
                } else if name.hasPrefix("#") {
                    resolved = UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init).map { String($0) }
                }
            }
            if let resolved {
                out += resolved
                rest = after[after.index(after: semi)...]
            } else {
                out += "&"
                rest = after
            }
        }
        return out + rest
    }

    /// Plain text as an HTML fragment: escaped, each line break a `<br>`.
    static func html(_ text: String) -> String {
        escape(text, quotes: false).replacingOccurrences(of: "\r\n", with: "<br>").replacingOccurrences(of: "\n", with: "<br>")
    }

    /// The words of an HTML fragment: `<br>` and the ends of paragraphs, divisions, list items
    /// and table rows become line breaks, every other tag is dropped, references are resolved
    /// and the ends are trimmed. Script is not run, only shown as the text it is.
    static func text(fromHTML html: String) -> String {
        var out = ""
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: ">") else {
                // A `<` that opens no tag is text.
                out += rest[open...]
                rest = rest[rest.endIndex...]
                break
            }
            let tag = rest[rest.index(after: open)..<close].lowercased()
            let name = tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }
            if name == "br" || (tag.hasPrefix("/") && ["p", "div", "li", "tr"].contains(String(name))) { out += "\n" }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return unescape(out).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

    private static func has(_ b: [UInt8], at i: Int, _ token: StaticString) -> Bool {
        let t = UnsafeBufferPointer(start: token.utf8Start, count: token.utf8CodeUnitCount)
        guard i + t.count <= b.count else { return false }
        for k in 0..<t.count where b[i + k] != t[k] { return false }
        return true
    }

    private static func find(_ b: [UInt8], _ token: StaticString, from start: Int) -> Int? {
        var i = start
        while i < b.count {
            if has(b, at: i, token) { return i }
            i += 1
        }
        return nil
    }

    /// The `>` closing a start tag, skipping any inside quoted attribute values.
    private static func tagEnd(_ b: [UInt8], from start: Int) -> Int? {
        var quote: UInt8?
        var i = start
        while i < b.count {
            let c = b[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                quote = c
            } else if c == UInt8(ascii: ">") {
                return i
            } else if c == UInt8(ascii: "<") {
                return nil
            }
            i += 1
        }
        return nil
    }

    /// The value of the attribute whose local name is `name`, if the tag has it.
    private static func attribute(_ name: String, in attrs: ArraySlice<UInt8>) -> String? {
        var i = attrs.startIndex
        while i < attrs.endIndex {
            while i < attrs.endIndex, isSpace(attrs[i]) { i += 1 }
            let nameStart = i
            while i < attrs.endIndex, attrs[i] != UInt8(ascii: "="), !isSpace(attrs[i]) { i += 1 }
            let qualified = attrs[nameStart..<i]
            while i < attrs.endIndex, isSpace(attrs[i]) || attrs[i] == UInt8(ascii: "=") { i += 1 }
            guard i < attrs.endIndex else { return nil }
            let q = attrs[i]
            guard q == UInt8(ascii: "\"") || q == UInt8(ascii: "'") else { return nil }
            let valueStart = i + 1
            guard let valueEnd = attrs[valueStart...].firstIndex(of: q) else { return nil }
            let local = qualified.split(separator: UInt8(ascii: ":")).last ?? qualified
            if String(decoding: local, as: UTF8.self) == name {
                return unescape(String(decoding: attrs[valueStart..<valueEnd], as: UTF8.self))
            }
            i = valueEnd + 1
        }
        return nil
    }
}
