package qemuargs

import (
	"fmt"
	"strings"
)

// KV is one option of a QEMU option string (QemuOpts): Key=Value, or a bare
// Key (Bare true, Value empty), which QEMU reads as Key=on.
type KV struct {
	// Key is the option's name.
	Key string
	// Value is the option's value, commas unescaped.
	Value string
	// Bare is true for a key written without "=value".
	Bare bool
}

// Escape returns v with every comma doubled, the only quoting QemuOpts
// knows: inside a value ",," is a literal comma and a single ',' ends the
// value. Nothing else is special in a value.
func Escape(v string) string {
	if !strings.Contains(v, ",") {
		return v
	}
	return strings.ReplaceAll(v, ",", ",,")
}

// JoinOpts renders options as one QemuOpts string, escaping each value.
// Keys are written as they are: they must not contain '=' or ','.
func JoinOpts(kvs []KV) string {
	var b strings.Builder
	for i, kv := range kvs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(kv.Key)
		if kv.Bare {
			continue
		}
		b.WriteByte('=')
		b.WriteString(Escape(kv.Value))
	}
	return b.String()
}

// SplitOpts splits a QemuOpts option string the way QEMU's opts_do_parse
// does (no implied first key): a key runs up to the first '=' or ','; after
// '=' the value runs up to the first ',' that is not doubled, and ",," in it
// is a literal comma; a key with no '=' is a bare flag; one ',' at the very
// end is ignored. An empty key (a leading ',', or ',,' between options) is
// an error, as QEMU refuses it ("Invalid parameter ”"), and so is a NUL
// byte, which no command-line argument can carry.
func SplitOpts(s string) ([]KV, error) {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return nil, fmt.Errorf("NUL byte at offset %d", i)
	}
	var out []KV
	p := 0
	for p < len(s) {
		n := strings.IndexAny(s[p:], "=,")
		if n < 0 {
			n = len(s) - p
		}
		key := s[p : p+n]
		if key == "" {
			return out, fmt.Errorf("empty option name at offset %d", p)
		}
		p += n
		if p == len(s) || s[p] == ',' {
			out = append(out, KV{Key: key, Bare: true})
			if p < len(s) {
				p++ // a final ',' is allowed, as in QEMU
			}
			continue
		}
		// s[p] == '='
		p++
		var v strings.Builder
		for p < len(s) {
			if s[p] == ',' {
				if p+1 < len(s) && s[p+1] == ',' {
					v.WriteByte(',')
					p += 2
					continue
				}
				break
			}
			v.WriteByte(s[p])
			p++
		}
		out = append(out, KV{Key: key, Value: v.String()})
		if p < len(s) { // at a single ','; a final one is allowed
			p++
		}
	}
	return out, nil
}

// ShellQuote quotes s for a POSIX shell: unchanged when it only holds
// characters no shell treats specially, else in single quotes, each single
// quote inside written as quote, backslash, quote, quote.
func ShellQuote(s string) string {
	if s == "" {
		return "''"
	}
	safe := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strings.IndexByte("_@%+=:,./-", c) >= 0) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// FormatLines renders args shell-quoted, one option and its value per line
// ("-drive 'file=/a b,...'"); an option not followed by a value (the next
// argument starts with '-', or there is none) has a line of its own.
func FormatLines(args []string) string {
	var b strings.Builder
	for i := 0; i < len(args); i++ {
		b.WriteString(ShellQuote(args[i]))
		if strings.HasPrefix(args[i], "-") && i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") {
			b.WriteByte(' ')
			b.WriteString(ShellQuote(args[i+1]))
			i++
		}
		b.WriteByte('\n')
	}
	return b.String()
}
