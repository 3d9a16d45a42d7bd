package specgen

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The corpus line encoding, used by diskspec/testdata/oracle-corpus.txt and
// the recorded libxlu outputs: one case (the fragments of one disk) per
// line, fragments separated by a TAB. Inside a fragment `\\` is a
// backslash, `\t` TAB, `\n` LF, `\r` CR, `\xHH` any byte (written for
// control bytes, DEL, bytes >= 0x80, a space at either end of a fragment
// and a '#' that starts a line) and `\e` nothing (it marks an empty
// fragment). A line that is exactly `\N` is a case with no fragments.
// Lines starting with '#' and empty lines are comments.

// EncodeCase writes frags as one corpus line (the canonical encoding).
func EncodeCase(frags []string) string {
	if len(frags) == 0 {
		return `\N`
	}
	var b strings.Builder
	for i, f := range frags {
		if i > 0 {
			b.WriteByte('\t')
		}
		if f == "" {
			b.WriteString(`\e`)
			continue
		}
		for j := 0; j < len(f); j++ {
			c := f[j]
			switch {
			case c == '\\':
				b.WriteString(`\\`)
			case c == '\t':
				b.WriteString(`\t`)
			case c == '\n':
				b.WriteString(`\n`)
			case c == '\r':
				b.WriteString(`\r`)
			case c < 0x20 || c >= 0x7f,
				c == ' ' && (j == 0 || j == len(f)-1),
				c == '#' && i == 0 && j == 0:
				fmt.Fprintf(&b, `\x%02x`, c)
			default:
				b.WriteByte(c)
			}
		}
	}
	return b.String()
}

// DecodeCase reads one corpus line (not a comment) back into fragments.
func DecodeCase(line string) ([]string, error) {
	if line == `\N` {
		return nil, nil
	}
	var frags []string
	for _, p := range strings.Split(line, "\t") {
		var b strings.Builder
		for j := 0; j < len(p); j++ {
			c := p[j]
			if c != '\\' {
				b.WriteByte(c)
				continue
			}
			if j+1 >= len(p) {
				return nil, fmt.Errorf("backslash at end of %q", p)
			}
			j++
			switch p[j] {
			case '\\':
				b.WriteByte('\\')
			case 't':
				b.WriteByte('\t')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 'e':
			case 'x':
				if j+2 >= len(p) {
					return nil, fmt.Errorf("short \\x escape in %q", p)
				}
				v, err := strconv.ParseUint(p[j+1:j+3], 16, 8)
				if err != nil {
					return nil, fmt.Errorf("bad \\x escape in %q", p)
				}
				b.WriteByte(byte(v))
				j += 2
			default:
				return nil, fmt.Errorf("unknown escape \\%c in %q", p[j], p)
			}
		}
		frags = append(frags, b.String())
	}
	return frags, nil
}

// ReadCorpus reads a corpus file: every non-comment line must decode and be
// in canonical encoding. Errors name the line number.
func ReadCorpus(r io.Reader) ([][]string, error) {
	var cases [][]string
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<24)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		frags, err := DecodeCase(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", n, err)
		}
		if EncodeCase(frags) != line {
			return nil, fmt.Errorf("line %d: not in canonical encoding: %q, want %q", n, line, EncodeCase(frags))
		}
		cases = append(cases, frags)
	}
	return cases, sc.Err()
}
