import PinganGeo

/// Limits on free text from outside. Long strings and control characters are refused rather than
/// trimmed so a client learns about the problem instead of storing something else than it sent.
///
/// Bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) are
/// refused too: one U+202E makes `HP01-1` display as `1-10PH` and an address read backwards, so
/// a callsign, name or address could show a dispatcher something other than what is stored.
/// The plain direction marks (U+200E, U+200F, U+061C), which only nudge neutral characters,
/// stay allowed for Arabic, Hebrew and Uyghur text.
public enum TextRules {
    /// Checks length (in characters) and control characters; line breaks are allowed only where
    /// `multiline` says so.
    public static func check(_ value: String, field: String, max: Int, required: Bool = true, multiline: Bool = false) throws(DomainError) {
        // Blank = nothing but spaces (of any script) and tabs; stops at the first other character (Foundation's
        // trimming copied the string on every field of every request).
        if required && value.unicodeScalars.allSatisfy({ CharacterSet.whitespaces.contains($0) }) {
            throw DomainError.invalid(field, "\(field) must not be empty")
        }
        // Counted by code point, as JSON Schema's maxLength counts, so the document's bound is this one.
        if value.unicodeScalars.count > max {
            throw DomainError.invalid(field, "\(field) is longer than \(max) characters")
        }
        for scalar in value.unicodeScalars {
            if scalar.value >= 0x20 && scalar.value < 0x7F { continue }  // printable ASCII, the common case
            let allowedBreak = multiline && (scalar == "\n" || scalar == "\r" || scalar == "\t")
            if scalar.properties.generalCategory == .control && !allowedBreak {
                throw DomainError.invalid(field, "\(field) contains a control character (U+\(String(scalar.value, radix: 16, uppercase: true)))")
            }
            if isBidiControl(scalar) {
                throw DomainError.invalid(field, "\(field) contains a bidirectional control character (U+\(String(scalar.value, radix: 16, uppercase: true))) that would change how it displays")
            }
        }
    }

    /// Embeddings, overrides and isolates: the characters that reorder whole runs of text.
    public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    public static func check(_ coordinate: Coordinate, field: String) throws(DomainError) {
        guard coordinate.isValid else {
            throw DomainError.invalid(field, "\(field) must be a WGS-84 position with latitude in [-90, 90] and longitude in [-180, 180]")
        }
    }
}

import Foundation
