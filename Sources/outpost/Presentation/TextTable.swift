import OutpostProtocol

/// A plain-text table with aligned columns, for terminal output.
///
/// Widths count terminal columns, not characters: a CJK character such as 王 takes two, so
/// Chinese names line up with Latin ones. Long cells are cut with "…".
struct TextTable {
    /// The column titles.
    var headers: [String]
    /// The rows, each with one cell per header.
    var rows: [[String]] = []
    /// The widest a cell may be, in terminal columns.
    var maximumCellWidth = 32
    /// Whether the last column is shown whole, however long (it pads nothing after it): for
    /// messages that end with what to do next.
    var lastColumnWhole = false

    /// A width no field value reaches (texts hold at most 2,000 characters): for detail views,
    /// which show each value whole.
    static let wholeValues = 4_096

    /// Adds a row.
    mutating func append(_ row: [String]) {
        rows.append(row)
    }

    /// The table as lines: headers, then rows; columns separated by two spaces, no trailing blanks.
    func rendered() -> String {
        let last = headers.count - 1
        let cells = ([headers] + rows).map { row in
            row.enumerated().map { column, cell in
                Self.truncated(cell, to: lastColumnWhole && column == last ? Self.wholeValues : maximumCellWidth)
            }
        }
        var widths = [Int](repeating: 0, count: headers.count)
        for row in cells {
            for (column, cell) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], cell.terminalWidth)
            }
        }
        return cells.map { row in
            let line = row.enumerated().map { column, cell in
                cell + String(repeating: " ", count: max(0, (column < widths.count ? widths[column] : 0) - cell.terminalWidth))
            }.joined(separator: "  ")
            return String(line.reversed().drop(while: { $0 == " " }).reversed())
        }.joined(separator: "\n")
    }

    // MARK: - Private

    private static func truncated(_ text: String, to width: Int) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ").terminalSafe
        guard flat.terminalWidth > width else { return flat }
        var result = ""
        var used = 0
        for character in flat {
            let characterWidth = String(character).terminalWidth
            if used + characterWidth > width - 1 { break }
            result.append(character)
            used += characterWidth
        }
        return result + "…"
    }
}

extension String {
    /// How many terminal columns the text takes: two for East Asian wide characters, none
    /// for combining marks, one otherwise.
    var terminalWidth: Int {
        unicodeScalars.reduce(0) { total, scalar in total + scalar.terminalWidth }
    }
}

private extension Unicode.Scalar {
    /// Terminal columns for one scalar, after Unicode's East Asian Width (wide and full-width
    /// ranges that cover Chinese, Japanese and Korean text and full-width punctuation).
    var terminalWidth: Int {
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}
