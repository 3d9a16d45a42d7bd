package lsp

// A shallow reader of xl.cfg text for the server's own needs (which string
// is a disk spec, where the cursor is in it, which vdevs the other disks
// use). It never fails: the engine reports what is wrong with the file.

// literal is one quoted string of an xl.cfg file.
type literal struct {
	// Start is the offset of the opening quote; End is just past the
	// closing quote, or the end of the line for an unterminated string.
	Start, End int
	// Closed reports whether the string has its closing quote.
	Closed bool
	// Key is the setting the string belongs to ("disk"), "" if none.
	Key string
}

// contentEnd is the offset just past the string's content.
func (l literal) contentEnd() int {
	if l.Closed {
		return l.End - 1
	}
	return l.End
}

// scanLiterals returns every quoted string of src in order, with the name
// of the setting it is part of. Strings are '...' or "..." with backslash
// escapes, and end at their line; comments run from '#' to the end of the
// line; a setting is NAME = VALUE (or +=), its value ending at ';' or at
// a newline outside brackets.
func scanLiterals(src []byte) []literal {
	var out []literal
	key, pending := "", ""
	depth := 0
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '\'' || c == '"':
			start := i
			i++
			closed := false
			for i < len(src) && src[i] != '\n' {
				if src[i] == '\\' && i+1 < len(src) && src[i+1] != '\n' {
					i += 2
					continue
				}
				if src[i] == c {
					i++
					closed = true
					break
				}
				i++
			}
			out = append(out, literal{Start: start, End: i, Closed: closed, Key: key})
			pending = ""
		case c == '\n':
			if depth == 0 {
				key = ""
			}
			pending = ""
			i++
		case c == ';':
			key, pending, depth = "", "", 0
			i++
		case c == '[':
			depth++
			i++
		case c == ']':
			if depth > 0 {
				depth--
			}
			i++
		case c == '=' || (c == '+' && i+1 < len(src) && src[i+1] == '='):
			if pending != "" && depth == 0 {
				key = pending
			}
			pending = ""
			if c == '+' {
				i++
			}
			i++
		case isIdentStart(c):
			j := i
			for j < len(src) && isIdentByte(src[j]) {
				j++
			}
			pending = string(src[i:j])
			i = j
		default:
			if c != ' ' && c != '\t' && c != '\r' {
				pending = ""
			}
			i++
		}
	}
	return out
}

func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isIdentByte(c byte) bool { return isIdentStart(c) || (c >= '0' && c <= '9') }

// diskLiterals returns the strings of the disk setting.
func diskLiterals(src []byte) []literal {
	var out []literal
	for _, l := range scanLiterals(src) {
		if l.Key == "disk" {
			out = append(out, l)
		}
	}
	return out
}

// settingString returns the content of the first string assigned to
// setting key ("" when there is none).
func settingString(src []byte, lits []literal, key string) string {
	for _, l := range lits {
		if l.Key == key {
			return string(src[l.Start+1 : l.contentEnd()])
		}
	}
	return ""
}
