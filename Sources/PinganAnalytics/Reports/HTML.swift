/// The few rules every HTML page Pingan writes follows (the replay report, the daily report, the
/// duty log): every string that came from data goes through `escape`, in text and in attribute
/// values alike, so a name or address can never open a tag, end an attribute or start an
/// entity. Pages are self-contained HTML5: doctype, UTF-8, inline CSS, inline SVG, no script.
public enum HTML {
    /// `s` safe anywhere in text or in a double- or single-quoted attribute value.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            // Controls other than tab and line breaks are not allowed in an HTML document.
            case "\u{0}"..."\u{8}", "\u{B}", "\u{E}"..."\u{1F}", "\u{7F}"..."\u{9F}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// The start of a page: doctype, language, UTF-8, title and the style sheet.
    public static func head(language: String, title: String, style: String) -> String {
        "<!DOCTYPE html>\n<html lang=\"\(escape(language))\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<title>\(escape(title))</title><style>\(style)</style></head><body>"
    }

    /// The end of a page.
    public static let tail = "</body></html>\n"

    /// A table: a header row and body rows, each cell already HTML (escape data first).
    public static func table(_ header: [String], _ rows: [[String]], className: String? = nil) -> String {
        var s = className.map { "<table class=\"\(escape($0))\">" } ?? "<table>"
        s += "<thead><tr>" + header.map { "<th>\($0)</th>" }.joined() + "</tr></thead><tbody>"
        for row in rows { s += "<tr>" + row.map { "<td>\($0)</td>" }.joined() + "</tr>" }
        return s + "</tbody></table>"
    }
}
