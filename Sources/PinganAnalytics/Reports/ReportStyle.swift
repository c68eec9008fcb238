import PinganCore

/// The style sheet of the daily report and the duty log: one column, print-friendly (A4, no
/// page break inside a table row or a chart), CJK fonts first when the page is Chinese.
enum ReportStyle {
    static func css(_ language: Report.Language) -> String {
        let fonts = language == .zh
            ? "\"Noto Sans CJK SC\",\"WenQuanYi Zen Hei\",\"PingFang SC\",\"Microsoft YaHei\",system-ui,sans-serif"
            : "system-ui,\"Noto Sans\",\"Noto Sans CJK SC\",sans-serif"
        return """
        body{font:13px/1.5 \(fonts);margin:1.5em auto;max-width:980px;color:#222;padding:0 1em}\
        h1{font-size:22px;margin:.2em 0}h2{font-size:17px;border-bottom:2px solid #2471a3;padding-bottom:2px;margin-top:1.6em;break-after:avoid}\
        h3{font-size:14px;margin:1.1em 0 .3em}.meta{color:#555;margin:.2em 0}\
        .note{background:#fff4d6;border:1px solid #e8c66a;padding:.4em .8em}.small{color:#555;font-size:12px}\
        table{border-collapse:collapse;margin:.5em 0;width:100%}td,th{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}\
        th{background:#eef2f6;white-space:nowrap}.nw{white-space:nowrap}h3,p.small{break-after:avoid}tr{page-break-inside:avoid}\
        .up{color:#b03a2e}.down{color:#1e8449}.p1{color:#c0392b;font-weight:bold}.late{color:#c0392b}\
        svg{display:block;max-width:100%;height:auto;margin:.4em 0;page-break-inside:avoid}\
        ul{margin:.3em 0 .3em 1.2em;padding:0}.wide td,.wide th{font-size:11px;padding:2px 4px}@page{size:A4;margin:14mm}
        """
    }
}
