package vdev

// This file emulates the few C library number readers that libxl's
// libxl__device_disk_dev_number relies on, with glibc's behaviour, so that
// Decode accepts exactly the names libxl accepts (including its oddities:
// "d0x1p2", "xvda+1", " 5").

import "math"

// isCSpace reports whether c is a space in the C locale (isspace).
func isCSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

func digitVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	}
	return 99
}

// cStrtoul emulates glibc strtoul(s+pos, &end, base) for base 0 or 10. It
// returns the value, the index end points at, and whether the value
// overflowed (errno == ERANGE). When no digits are found end == pos.
func cStrtoul(s string, pos, base int) (val uint64, end int, overflow bool) {
	i := pos
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	if base == 0 {
		switch {
		case i+1 < len(s) && s[i] == '0' && (s[i+1] == 'x' || s[i+1] == 'X') &&
			i+2 < len(s) && digitVal(s[i+2]) < 16:
			base = 16
			i += 2
		case i < len(s) && s[i] == '0':
			base = 8
		default:
			base = 10
		}
	}
	start := i
	for i < len(s) && digitVal(s[i]) < base {
		d := uint64(digitVal(s[i]))
		if !overflow {
			if val > (math.MaxUint64-d)/uint64(base) {
				overflow = true
			} else {
				val = val*uint64(base) + d
			}
		}
		i++
	}
	if i == start {
		return 0, pos, false
	}
	if overflow {
		return math.MaxUint64, i, true
	}
	if neg {
		val = -val
	}
	return val, i, false
}

// cStrtol emulates glibc strtol on a string that is known to hold only an
// optional sign and digits of base: the value saturates at the int64 range.
func cStrtol(digits string, base int) int64 {
	neg := false
	i := 0
	if i < len(digits) && (digits[i] == '+' || digits[i] == '-') {
		neg = digits[i] == '-'
		i++
	}
	var mag uint64
	over := false
	for ; i < len(digits); i++ {
		d := uint64(digitVal(digits[i]))
		if mag > (math.MaxUint64-d)/uint64(base) {
			over = true
			break
		}
		mag = mag*uint64(base) + d
	}
	if neg {
		if over || mag > 1<<63 {
			return math.MinInt64
		}
		return -int64(mag)
	}
	if over || mag > math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(mag)
}

// scanfInt emulates one glibc sscanf "%i" conversion starting at pos: it
// skips white space, reads an optional sign, a "0x" (hex) or "0" (octal)
// prefix and digits, converts with strtol and truncates to a C int. As in
// glibc, an "x" after a leading "0" is consumed even when no hex digit
// follows it. ok is false on a matching or input failure.
func scanfInt(s string, pos int) (v int32, end int, ok bool) {
	i := pos
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	if i >= len(s) {
		return 0, i, false
	}
	var buf []byte
	if s[i] == '+' || s[i] == '-' {
		buf = append(buf, s[i])
		i++
	}
	base := 10
	if i < len(s) && s[i] == '0' {
		buf = append(buf, '0')
		i++
		if i < len(s) && (s[i] == 'x' || s[i] == 'X') {
			base = 16
			i++
		} else {
			base = 8
		}
	}
	for i < len(s) && digitVal(s[i]) < base {
		buf = append(buf, s[i])
		i++
	}
	if len(buf) == 0 || (len(buf) == 1 && (buf[0] == '+' || buf[0] == '-')) {
		return 0, i, false
	}
	return int32(cStrtol(string(buf), base)), i, true
}
