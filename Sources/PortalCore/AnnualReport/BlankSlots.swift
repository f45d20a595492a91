/// A published table may leave a cell empty, and editors copy that as nothing between two commas:
/// `[3, , 0]`. YAML has no empty entry in a bracketed list, so before parsing, each empty slot of a
/// bracketed list is given YAML's own blank, `~`. The cell is then read like any written `~`: an
/// error that says to write 0 (rule 8), or, in a report kept as published, an empty cell.
///
/// Only the code before a `#` comment is touched, and only inside `[…]`; quoted text is left alone.
/// Where a space stands in the empty slot it is replaced, so that later columns keep their place
/// in messages.
enum BlankSlots {
    static func fill(_ text: String) -> String {
        guard text.contains("[") else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(fillLine).joined(separator: "\n")
    }

    private static func fillLine(_ line: Substring) -> String {
        guard line.contains("[") else { return String(line) }
        var characters = Array(line)
        var depth = 0
        var quote: Character?
        var index = 0
        // The position right after the last `[` or `,`, while only spaces have followed it.
        var openSlot: Int?
        while index < characters.count {
            let character = characters[index]
            if let open = quote {
                if character == open { quote = nil }
                index += 1
                continue
            }
            switch character {
            case "\"", "'":
                quote = character
                openSlot = nil
            case "#" where index == 0 || characters[index - 1] == " " || characters[index - 1] == "\t":
                return String(characters)
            case "[":
                depth += 1
                openSlot = index + 1
            case "," where depth > 0, "]" where depth > 0:
                // `[]` is an empty list, not a blank cell.
                let emptyList = character == "]" && openSlot.map { characters[$0 - 1] == "[" } == true
                if let slot = openSlot, !emptyList, !(character == "]" && characters[slot - 1] == "[") {
                    if slot < index, characters[slot] == " " {
                        characters[slot] = "~"
                    } else {
                        characters.insert("~", at: slot)
                        index += 1
                    }
                }
                if character == "]" { depth -= 1; openSlot = nil } else { openSlot = index + 1 }
            case " ", "\t":
                break
            default:
                openSlot = nil
            }
            index += 1
        }
        return String(characters)
    }
}
