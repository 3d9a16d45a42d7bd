package lsp

import (
	"sort"
	"unicode/utf8"

	"github.com/xldisk/xldisk/diag"
)

// encoding is the unit of Position.Character.
type encoding int

const (
	// encUTF16 counts UTF-16 code units, the protocol's default.
	encUTF16 encoding = iota
	// utf8 counts bytes, when the client offers "utf-8".
	encUTF8
)

// String returns the protocol's name of the encoding.
func (e encoding) String() string {
	if e == encUTF8 {
		return "utf-8"
	}
	return "utf-16"
}

// lineIndex maps byte offsets of a text to LSP positions and back. Lines
// end at "\n", "\r\n" or a lone "\r", as the protocol says.
type lineIndex struct {
	src []byte
	// starts[i] is the byte offset of line i; starts[0] is 0.
	starts []int
}

func newLineIndex(src []byte) *lineIndex {
	ix := &lineIndex{src: src, starts: []int{0}}
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\n':
			ix.starts = append(ix.starts, i+1)
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			ix.starts = append(ix.starts, i+1)
		}
	}
	return ix
}

// lineEnd returns the offset just past the content of line i (before its
// line terminator).
func (ix *lineIndex) lineEnd(i int) int {
	if i+1 >= len(ix.starts) {
		return len(ix.src) // the last line has no terminator
	}
	end := ix.starts[i+1]
	if end-2 >= ix.starts[i] && ix.src[end-2] == '\r' && ix.src[end-1] == '\n' {
		return end - 2
	}
	return end - 1
}

// lineOf returns the line holding offset off (0 <= off <= len(src)).
func (ix *lineIndex) lineOf(off int) int {
	lo, hi := 0, len(ix.starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if ix.starts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// position converts a byte offset to a Position; off is clamped into the
// text, and an offset inside a line terminator or inside a multi-byte
// character is moved back to its start.
func (ix *lineIndex) position(off int, enc encoding) Position {
	off = clamp(off, 0, len(ix.src))
	line := ix.lineOf(off)
	start := ix.starts[line]
	end := ix.lineEnd(line)
	off = min(off, end)
	n := 0
	for i := start; i < off; {
		r, size := utf8.DecodeRune(ix.src[i:end])
		if i+size > off {
			break // off is inside this character
		}
		n += units(r, size, enc)
		i += size
	}
	return Position{Line: uint32(line), Character: uint32(n)}
}

// offset converts a Position to a byte offset. A line past the end gives
// the end of the text; a character past the end of its line gives the end
// of the line; a character inside a character (a UTF-16 surrogate pair,
// or a byte inside a UTF-8 sequence) gives the start of that character.
func (ix *lineIndex) offset(p Position, enc encoding) int {
	if int64(p.Line) >= int64(len(ix.starts)) {
		return len(ix.src)
	}
	line := int(p.Line)
	start, end := ix.starts[line], ix.lineEnd(line)
	n := uint64(0)
	i := start
	for i < end && n < uint64(p.Character) {
		r, size := utf8.DecodeRune(ix.src[i:end])
		u := uint64(units(r, size, enc))
		if n+u > uint64(p.Character) {
			break
		}
		n += u
		i += size
	}
	return i
}

// units is the length of one decoded character in the encoding.
func units(r rune, size int, enc encoding) int {
	if enc == encUTF8 {
		return size
	}
	return utf16Len(r)
}

// rangeOf converts byte offsets [start, end) to a Range.
func (ix *lineIndex) rangeOf(start, end int, enc encoding) Range {
	start = clamp(start, 0, len(ix.src))
	end = clamp(end, start, len(ix.src))
	return Range{Start: ix.position(start, enc), End: ix.position(end, enc)}
}

// offsets converts a Range to byte offsets, start <= end.
func (ix *lineIndex) offsets(r Range, enc encoding) (int, int) {
	s, e := ix.offset(r.Start, enc), ix.offset(r.End, enc)
	if e < s {
		s, e = e, s
	}
	return s, e
}

func utf16Len(r rune) int {
	if r >= 0x10000 && r <= utf8.MaxRune {
		return 2
	}
	return 1
}

func clamp(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// nlIndex locates engine positions: the engine counts lines by "\n" only,
// as xl does, so its line numbers can differ from the protocol's (a lone
// "\r" ends a line for the protocol, not for xl).
type nlIndex struct {
	src []byte
	// starts[i] is the byte offset of engine line i+1.
	starts []int
}

func newNLIndex(src []byte) *nlIndex {
	ix := &nlIndex{src: src, starts: []int{0}}
	for i, c := range src {
		if c == '\n' {
			ix.starts = append(ix.starts, i+1)
		}
	}
	return ix
}

// lineOf returns the 1-based engine line of offset off (0 <= off <=
// len(src)).
func (ix *nlIndex) lineOf(off int) int {
	return sort.Search(len(ix.starts), func(i int) bool { return ix.starts[i] > off })
}

// fileOffset returns the byte offset of an engine position. The engine
// gives both a byte offset and a 1-based line and byte column; the offset
// is taken when it agrees with the line, else the line and column, and the
// result is clamped into the text. ok is false for a position that is not
// in a file.
func (ix *nlIndex) fileOffset(p diag.Pos) (int, bool) {
	if !p.IsValid() {
		return 0, false
	}
	if p.Offset >= 0 && p.Offset <= len(ix.src) && ix.lineOf(p.Offset) == p.Line {
		return p.Offset, true
	}
	if p.Line > len(ix.starts) {
		return len(ix.src), true
	}
	start := ix.starts[p.Line-1]
	end := len(ix.src)
	if p.Line < len(ix.starts) {
		end = ix.starts[p.Line] - 1 // the "\n"
	}
	col := max(p.Column, 1) - 1
	return min(start+col, end), true
}

// offsets returns the byte offsets of a located range, start <= end.
func (ix *nlIndex) offsets(r *diag.Range) (start, end int, ok bool) {
	if !r.InFile() {
		return 0, 0, false
	}
	start, _ = ix.fileOffset(r.Start)
	end, eok := ix.fileOffset(r.End)
	if !eok || end < start {
		end = start
	}
	return start, end, true
}
