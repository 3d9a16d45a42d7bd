package cnum

import (
	"math"
	"testing"
)

func TestStrtoul(t *testing.T) {
	tests := []struct {
		s        string
		base     int
		val      uint64
		end      int
		overflow bool
	}{
		{"123", 10, 123, 3, false},
		{"  +7x", 10, 7, 4, false},
		{"-1", 10, math.MaxUint64, 2, false},
		{"0x1f", 0, 31, 4, false},
		{"0x", 0, 0, 1, false}, // "0" read, "x" left
		{"017", 0, 15, 3, false},
		{"019", 0, 1, 2, false},
		{"abc", 10, 0, 0, false},
		{" ", 10, 0, 0, false},
		{"99999999999999999999", 10, math.MaxUint64, 20, true},
	}
	for _, tt := range tests {
		v, end, over := Strtoul(tt.s, 0, tt.base)
		if v != tt.val || end != tt.end || over != tt.overflow {
			t.Errorf("Strtoul(%q, %d) = %d, %d, %v; want %d, %d, %v", tt.s, tt.base, v, end, over, tt.val, tt.end, tt.overflow)
		}
	}
}

func TestAtoi(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{
		{"42", 42}, {" -3z", -3}, {"+", 0}, {"", 0}, {"4294967297", 1},
		{"99999999999999999999", -1}, {"-99999999999999999999", 0}, {"\t\n12", 12},
		// No white space and no second sign between the sign and the
		// digits (found against libxlu: colo-port=- 1 is refused).
		{"- 1", 0}, {"+ 1", 0}, {"--1", 0}, {"+-1", 0}, {" -1", -1},
	}
	for _, tt := range tests {
		if got := Atoi(tt.s); got != tt.want {
			t.Errorf("Atoi(%q) = %d, want %d", tt.s, got, tt.want)
		}
	}
}

func TestScanfInt(t *testing.T) {
	tests := []struct {
		s   string
		v   int32
		end int
		ok  bool
	}{
		{"12p", 12, 2, true}, {"0x1Fz", 31, 4, true}, {"0xz", 0, 2, true}, {"010", 8, 3, true},
		{"-", 0, 1, false}, {"", 0, 0, false}, {" +5", 5, 3, true}, {"4294967297", 1, 10, true},
	}
	for _, tt := range tests {
		v, end, ok := ScanfInt(tt.s, 0)
		if v != tt.v || end != tt.end || ok != tt.ok {
			t.Errorf("ScanfInt(%q) = %d, %d, %v; want %d, %d, %v", tt.s, v, end, ok, tt.v, tt.end, tt.ok)
		}
	}
}
