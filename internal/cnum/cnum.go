// Package cnum reads numbers the way glibc's C library does, in the C
// locale: strtoul, strtol, atoi and one sscanf "%i" conversion. libxlu and
// libxl lean on their oddities (leading white space, a sign on an unsigned
// number, saturation on overflow, truncation to int), so xldisk reads every
// number the reference reads through this one package.
package cnum

import "math"

// IsSpace reports whether c is a space in the C locale (isspace).
func IsSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// DigitVal is the value of c as a digit of any base up to 36, or 99.
func DigitVal(c byte) int {
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

// Strtoul is glibc's strtoul(s+pos, &end, base) for base 0, 8, 10 or 16. It
// returns the value, the index end points at, and whether the value
// overflowed (errno == ERANGE; the value is then ULONG_MAX). When no
// digits are found end == pos and the value is 0. A '-' sign negates the
// value modulo 2^64, as in C.
func Strtoul(s string, pos, base int) (val uint64, end int, overflow bool) {
	i := pos
	for i < len(s) && IsSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	if base == 0 || base == 16 {
		switch {
		case i+1 < len(s) && s[i] == '0' && (s[i+1] == 'x' || s[i+1] == 'X') &&
			i+2 < len(s) && DigitVal(s[i+2]) < 16:
			base = 16
			i += 2
		case base == 16:
		case i < len(s) && s[i] == '0':
			base = 8
		default:
			base = 10
		}
	}
	start := i
	for i < len(s) && DigitVal(s[i]) < base {
		d := uint64(DigitVal(s[i]))
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

// Strtol is glibc's strtol(s+pos, &end, base): like Strtoul, but the value
// saturates at the int64 range (LONG_MIN, LONG_MAX) on overflow.
func Strtol(s string, pos, base int) (val int64, end int, overflow bool) {
	i := pos
	for i < len(s) && IsSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	// The digits must follow the sign at once: Strtoul would skip white
	// space and take a second sign, which strtol does not.
	if i < len(s) && (s[i] == '+' || s[i] == '-' || IsSpace(s[i])) {
		return 0, pos, false
	}
	mag, e, over := Strtoul(s, i, base)
	if e == i {
		return 0, pos, false
	}
	if neg {
		if over || mag > 1<<63 {
			return math.MinInt64, e, true
		}
		return -int64(mag), e, false
	}
	if over || mag > math.MaxInt64 {
		return math.MaxInt64, e, true
	}
	return int64(mag), e, false
}

// Atoi is glibc's atoi: (int)strtol(s, NULL, 10), truncated to 32 bits.
func Atoi(s string) int {
	v, _, _ := Strtol(s, 0, 10)
	return int(int32(v))
}

// ScanfInt is one glibc sscanf "%i" conversion starting at pos: it skips
// white space, reads an optional sign, a "0x" (hex) or "0" (octal) prefix
// and digits, converts with strtol and truncates to a C int. As in glibc,
// an "x" after a leading "0" is consumed even when no hex digit follows
// it. ok is false on a matching or input failure.
func ScanfInt(s string, pos int) (v int32, end int, ok bool) {
	i := pos
	for i < len(s) && IsSpace(s[i]) {
		i++
	}
	if i >= len(s) {
		return 0, i, false
	}
	start := i
	if s[i] == '+' || s[i] == '-' {
		i++
	}
	base := 10
	digits := i
	if i < len(s) && s[i] == '0' {
		i++
		if i < len(s) && (s[i] == 'x' || s[i] == 'X') {
			base = 16
			i++
			digits = i
		} else {
			base = 8
		}
	}
	for i < len(s) && DigitVal(s[i]) < base {
		i++
	}
	if i == start || (i == start+1 && (s[start] == '+' || s[start] == '-')) {
		return 0, i, false
	}
	// strtol of sign + digits (the "0x" prefix, if any, already skipped).
	sign := s[start:digits]
	if base == 16 {
		sign = s[start : digits-2]
	}
	num := s[digits:i]
	var mag uint64
	over := false
	for k := 0; k < len(num); k++ {
		d := uint64(DigitVal(num[k]))
		if mag > (math.MaxUint64-d)/uint64(base) {
			over = true
			break
		}
		mag = mag*uint64(base) + d
	}
	var l int64
	neg := len(sign) > 0 && sign[0] == '-'
	switch {
	case neg && (over || mag > 1<<63):
		l = math.MinInt64
	case neg:
		l = -int64(mag)
	case over || mag > math.MaxInt64:
		l = math.MaxInt64
	default:
		l = int64(mag)
	}
	return int32(l), i, true
}
