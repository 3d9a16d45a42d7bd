// Package xlcfg reads Xen xl domain configuration files (xl.cfg) exactly as
// Xen 4.17's libxlu does (tools/libs/util/libxlu_cfg_l.l, libxlu_cfg_y.y,
// libxlu_cfg.c), keeping the position and raw source text of every value so
// that diagnostics about a disk spec can point at the right line and column,
// through quotes and backslash escapes.
//
// The syntax: statements "name = value" or "name += value", ended by a
// newline or ';' (the last one may end at the end of the file); names are
// [a-z][._0-9a-z]*; values are single- or double-quoted strings, numbers
// ([0-9][0-9a-fx]*, kept as text), or lists in [ ... ] (nested, a trailing
// comma allowed, newlines allowed anywhere inside); '#' starts a comment that
// runs to the newline, which must be there.
//
// libxlu quirks that xlcfg reproduces: every \x escape is an error; an
// octal escape (\ then 0-7) swallows the next bytes that strtoul(...,10)
// takes from a three-byte window and produces nothing; a comment on the last
// line without a final newline is a lexical error; a carriage return is a
// lexical error; yet any lexically bad byte (a lone '#', quote, '+', '\r')
// is silently ignored when it is the very last byte of the file; "+="
// appends to the last setting of that name (strings are concatenated, lists
// joined; mixing them is an error).
//
// The grammar (libxlu_cfg_y.y) is written for participle, which is the only
// parser: see parse.go. The lexer adapter (scan.go) is libxlu's flex
// scanner (its token classes and longest-match choices, with the limits
// and the quirks above), with a few tokens folded together so that
// participle does less work per statement and list item.
// Oracle tests (go test -tags oracle) compare the settings read with
// libxlu's xlu_cfg_readdata on a corpus and on generated files, and time
// both side by side.
//
// A refused file gives a diag.List error holding one diagnostic, rule
// RuleSyntax, located in the file (diag.InFile); the quirks a file relies
// on are File.Quirks (rules RuleOctalEscape and RuleStrayByte). The limits
// (domain.Limits: by default 1 MiB, lists nested 16 deep, 4096 items per
// list) bound what Parse accepts; past them the RuleSyntax diagnostic says
// which.
package xlcfg

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/xldisk/xldisk/diag"
)

// Position is a place in a file. Line and Column are 1-based; Column counts
// bytes. Offset is the 0-based byte offset.
type Position struct {
	// Filename is the name given to Parse (may be empty).
	Filename string
	// Offset is the 0-based byte offset in the file.
	Offset int
	// Line is the 1-based line number.
	Line int
	// Column is the 1-based column, in bytes.
	Column int
}

// String renders "file:line:col" (or "line:col" without a file name).
func (p Position) String() string {
	if p.Filename == "" {
		return fmt.Sprintf("%d:%d", p.Line, p.Column)
	}
	return fmt.Sprintf("%s:%d:%d", p.Filename, p.Line, p.Column)
}

// Diag returns the position as a diag.Pos (without the file name).
func (p Position) Diag() diag.Pos { return diag.Pos{Line: p.Line, Column: p.Column, Offset: p.Offset} }

// Kind is the kind of a Value.
type Kind int

// The kinds of values. libxlu stores numbers as strings; Number tells them
// apart for diagnostics only.
const (
	String Kind = iota
	Number
	List
)

// String returns "string", "number" or "list".
func (k Kind) String() string {
	switch k {
	case String:
		return "string"
	case Number:
		return "number"
	case List:
		return "list"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Op is the operator of a setting.
type Op int

// The operators.
const (
	Assign Op = iota // =
	Append           // +=
)

// String returns "=" or "+=".
func (o Op) String() string {
	if o == Append {
		return "+="
	}
	return "="
}

// Value is a value of the file: a string or number atom, or a list.
type Value struct {
	// Kind says whether the value is a string, a number or a list.
	Kind Kind
	// Str is the decoded text of a string, or the text of a number.
	Str string
	// Items are the elements of a list.
	Items []*Value
	// Pos is where the value starts (its opening quote or bracket); End is
	// just past its last byte.
	Pos, End Position
	// Raw is the source text of the value, quotes and escapes included.
	Raw string
	// Quote is the quote character of a string ('\'' or '"'), else 0.
	Quote byte
	// Escapes lists the backslash escapes of a string, in order.
	Escapes []Escape
}

// Setting is one "name = value" or "name += value" statement.
type Setting struct {
	// Name is the setting's name, NamePos where it starts.
	Name    string
	NamePos Position
	// Op is Assign ("=") or Append ("+=").
	Op Op
	// Value is the value assigned or appended.
	Value *Value
}

// File is a parsed xl.cfg file.
type File struct {
	// Filename is the name given to Parse.
	Filename string
	// Src is the file's content.
	Src []byte
	// Settings are the statements in file order (a name may repeat).
	Settings []*Setting
	// Comments are the file's comments in order.
	Comments []Comment
	// Quirks are libxlu oddities the file relies on, in file order: warnings
	// with rule RuleOctalEscape or RuleStrayByte, each located in the file.
	Quirks diag.List
}

func posIn(filename string, src []byte, off int) Position {
	if off > len(src) {
		off = len(src)
	}
	line := 1 + bytes.Count(src[:off], []byte{'\n'})
	ls := bytes.LastIndexByte(src[:off], '\n') + 1
	return Position{Filename: filename, Offset: off, Line: line, Column: off - ls + 1}
}

// Lookup returns the value libxlu sees for name: the last setting of that
// name, with every "+=" before it applied (strings concatenated, lists
// joined; the items keep their own positions). A concatenated string has
// the position of the last setting. It returns nil if name is not set.
func (f *File) Lookup(name string) *Value {
	// Find the last "=" of the name; only it and the "+=" after it count.
	first := -1
	for i, s := range f.Settings {
		if s.Name == name && (s.Op == Assign || first < 0) {
			first = i
		}
	}
	if first < 0 {
		return nil
	}
	cur := f.Settings[first].Value
	var items []*Value
	var str strings.Builder
	joined := false
	for _, s := range f.Settings[first+1:] {
		if s.Name != name {
			continue
		}
		if !joined {
			joined = true
			if cur.Kind == List {
				items = append(items, cur.Items...)
			} else {
				str.WriteString(cur.Str)
			}
		}
		if cur.Kind == List {
			items = append(items, s.Value.Items...)
		} else {
			str.WriteString(s.Value.Str)
		}
		last := *s.Value
		cur = &last
	}
	if !joined {
		return cur
	}
	if cur.Kind == List {
		cur.Items = items
	} else {
		cur.Str = str.String()
		cur.Escapes = nil
	}
	return cur
}

// LookupString returns the string (or number text) libxlu sees for name,
// and false if name is unset or a list.
func (f *File) LookupString(name string) (string, bool) {
	v := f.Lookup(name)
	if v == nil || v.Kind == List {
		return "", false
	}
	return v.Str, true
}

// Setting returns the last setting of name, or nil.
func (f *File) Setting(name string) *Setting {
	for i := len(f.Settings) - 1; i >= 0; i-- {
		if f.Settings[i].Name == name {
			return f.Settings[i]
		}
	}
	return nil
}

// PosAt returns the position of byte offset off of the file.
func (f *File) PosAt(off int) Position { return posIn(f.Filename, f.Src, off) }
