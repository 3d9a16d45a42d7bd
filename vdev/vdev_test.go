package vdev

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// xvd, hd and sd device numbers computed independently of the code under
// test, straight from docs/misc/vbd-interface.txt.
func xvdNum(d, p int) int {
	if d <= 15 && p <= 15 {
		return 202<<8 | d<<4 | p
	}
	return 1<<28 | d<<8 | p
}

func hdNum(d, p int) int {
	major := 3
	if d >= 2 {
		major = 22
	}
	return major<<8 | (d&1)<<6 | p
}

func sdNum(d, p int) int { return 8<<8 | d<<4 | p }

func TestDecodeOK(t *testing.T) {
	tests := []struct {
		name string
		want Vdev
	}{
		{"xvda", Vdev{Kind: KindXvd, Disk: 0, Partition: 0, Number: 51712}},
		{"xvdb", Vdev{Kind: KindXvd, Disk: 1, Number: xvdNum(1, 0)}},
		{"xvda1", Vdev{Kind: KindXvd, Disk: 0, Partition: 1, Number: 51713}},
		{"xvdp15", Vdev{Kind: KindXvd, Disk: 15, Partition: 15, Number: 202<<8 | 15<<4 | 15}},
		{"xvdp16", Vdev{Kind: KindXvd, Disk: 15, Partition: 16, Number: 1<<28 | 15<<8 | 16}},
		{"xvdq", Vdev{Kind: KindXvd, Disk: 16, Number: 1<<28 | 16<<8}},
		{"xvdz", Vdev{Kind: KindXvd, Disk: 25, Number: xvdNum(25, 0)}},
		{"xvdaa", Vdev{Kind: KindXvd, Disk: 26, Number: xvdNum(26, 0)}},
		{"xvdzz", Vdev{Kind: KindXvd, Disk: 26*26 + 25, Number: xvdNum(701, 0)}},
		{"xvdaaa", Vdev{Kind: KindXvd, Disk: 702, Number: xvdNum(702, 0)}},
		{"xvda255", Vdev{Kind: KindXvd, Partition: 255, Number: xvdNum(0, 255)}},
		{"xvda63", Vdev{Kind: KindXvd, Partition: 63, Number: xvdNum(0, 63)}},
		{"xvda64", Vdev{Kind: KindXvd, Partition: 64, Number: xvdNum(0, 64)}},
		// Disk 2^20-1 is "xvdbyxmc"? Compute: the last accepted index.
		{"xvd" + letters(MaxXvdDisk), Vdev{Kind: KindXvd, Disk: MaxXvdDisk, Number: xvdNum(MaxXvdDisk, 0)}},
		{"hda", Vdev{Kind: KindHd, Number: 768}},
		{"hdb", Vdev{Kind: KindHd, Disk: 1, Number: 832}},
		{"hdc", Vdev{Kind: KindHd, Disk: 2, Number: 22 << 8}},
		{"hdd", Vdev{Kind: KindHd, Disk: 3, Number: hdNum(3, 0)}},
		{"hdd63", Vdev{Kind: KindHd, Disk: 3, Partition: 63, Number: hdNum(3, 63)}},
		{"hda15", Vdev{Kind: KindHd, Partition: 15, Number: hdNum(0, 15)}},
		{"hda16", Vdev{Kind: KindHd, Partition: 16, Number: hdNum(0, 16)}},
		{"sda", Vdev{Kind: KindSd, Number: 2048}},
		{"sdp", Vdev{Kind: KindSd, Disk: 15, Number: sdNum(15, 0)}},
		{"sdp15", Vdev{Kind: KindSd, Disk: 15, Partition: 15, Number: sdNum(15, 15)}},
		{"d0p0", Vdev{Kind: KindDNP, Number: 51712}},
		{"d0p1", Vdev{Kind: KindDNP, Partition: 1, Number: 51713}},
		{"d16p0", Vdev{Kind: KindDNP, Disk: 16, Number: xvdNum(16, 0)}},
		{"d1048575p255", Vdev{Kind: KindDNP, Disk: 1<<20 - 1, Partition: 255, Number: xvdNum(1<<20-1, 255)}},
		{"51712", Vdev{Kind: KindNumber, Disk: -1, Partition: -1, Number: 51712}},
		{"0", Vdev{Kind: KindNumber, Disk: -1, Partition: -1, Number: 0}},
		{"2147483647", Vdev{Kind: KindNumber, Disk: -1, Partition: -1, Number: 1<<31 - 1}},
		// C library quirks that libxl inherits (checked against libxl in
		// the oracle test).
		{"0x10", Vdev{Kind: KindNumber, Disk: -1, Partition: -1, Number: 16}},
		{"010", Vdev{Kind: KindNumber, Disk: -1, Partition: -1, Number: 8}},
		{" 5", Vdev{Kind: KindNumber, Disk: -1, Partition: -1, Number: 5}},
		{"d0x10p0", Vdev{Kind: KindDNP, Disk: 16, Number: xvdNum(16, 0)}},
		{"d0xp1", Vdev{Kind: KindDNP, Partition: 1, Number: 51713}},
		{"d 1p 2", Vdev{Kind: KindDNP, Disk: 1, Partition: 2, Number: xvdNum(1, 2)}},
		{"d010p0", Vdev{Kind: KindDNP, Disk: 8, Number: xvdNum(8, 0)}},
		{"xvda+1", Vdev{Kind: KindXvd, Partition: 1, Number: 51713}},
		{"xvda 1", Vdev{Kind: KindXvd, Partition: 1, Number: 51713}},
		{"xvda-0", Vdev{Kind: KindXvd, Number: 51712}},
	}
	for _, tt := range tests {
		got, err := Decode(tt.name)
		if err != nil {
			t.Errorf("Decode(%q): %v", tt.name, err)
			continue
		}
		tt.want.Name = tt.name
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Decode(%q) mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name        string
		off, length int
		msg         string // substring of the message
	}{
		{"", 0, 0, "empty vdev"},
		{"hde", 2, 1, "beyond the last one, hdd"},
		{"hdaa", 2, 2, "beyond the last one"},
		{"sdq", 2, 1, "beyond the last one, sdp"},
		{"hda64", 3, 2, "out of range 1..63"},
		{"sda16", 3, 2, "out of range 1..15"},
		{"xvda256", 4, 3, "out of range 1..255"},
		{"xvda01", 4, 2, "leading zero"},
		{"xvda0", 4, 1, "leading zero"},
		{"hdb00", 3, 2, "leading zero"},
		{"xvd" + letters(MaxXvdDisk+1), 3, len(letters(MaxXvdDisk + 1)), "beyond the last one"},
		{"xvdA", 3, 1, "expected a disk letter"},
		{"xvda1x", 5, 1, "unexpected text after the partition"},
		{"xvda ", 4, 1, "expected a partition number"},
		{"d1048576p0", 1, 7, "disk number 1048576 out of range"},
		{"d0p256", 3, 3, "partition number 256 out of range"},
		{"d1", 2, 0, "expected \"p\""},
		{"d1p", 3, 0, "expected a partition number"},
		{"d1p2 ", 4, 1, "unexpected text"},
		{"d08p0", 2, 3, "expected \"p\""},
		{"2147483648", 0, 10, "out of range"},
		{"-1", 0, 2, "out of range"},
		{"5 ", 1, 1, "unexpected text after device number"},
		{"0x", 1, 1, "unexpected text"},
		{"cdrom", 0, 5, "unknown vdev form"},
		{"XVDA", 0, 4, "unknown vdev form"},
		{"vda", 0, 3, "unknown vdev form"},
		// Accepted by libxl with a nonsense number; refused here.
		{"hd", 2, 0, "libxl lets it through as device number 832"},
		{"xvd", 3, 0, "libxl lets it through as device number -16"},
		{"sd1", 2, 1, "expected a disk letter"},
		{"xvda-1", 4, 2, "libxl lets it through as device number -1"},
		{"d-1p0", 1, 2, "disk number -1 out of range"},
		{"d0p-2", 3, 2, "partition number -2 out of range"},
	}
	for _, tt := range tests {
		v, err := Decode(tt.name)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("Decode(%q) = %+v, %v; want *Error", tt.name, v, err)
			continue
		}
		if e.Offset != tt.off || e.Len != tt.length || !strings.Contains(e.Msg, tt.msg) {
			t.Errorf("Decode(%q) error at %d+%d %q; want %d+%d containing %q",
				tt.name, e.Offset, e.Len, e.Msg, tt.off, tt.length, tt.msg)
		}
		if e.Offset < 0 || e.Offset+e.Len > len(tt.name) {
			t.Errorf("Decode(%q) error span %d+%d outside the name", tt.name, e.Offset, e.Len)
		}
		if !strings.Contains(err.Error(), fmt.Sprintf("%q", tt.name)) {
			t.Errorf("Decode(%q) error %q does not quote the name", tt.name, err)
		}
	}
}

func TestName(t *testing.T) {
	tests := []struct {
		number int
		want   string
	}{
		{51712, "xvda"},
		{51713, "xvda1"},
		{202<<8 | 15<<4 | 15, "xvdp15"},
		{1<<28 | 16<<8, "xvdq"},
		{1<<28 | 15<<8 | 16, "xvdp16"},
		{1<<28 | 1<<8 | 1, "268435713"}, // non-canonical extended form of xvdb1
		{xvdNum(701, 0), "xvdzz"},
		{768, "hda"},
		{833, "hdb1"},
		{22 << 8, "hdc"},
		{3<<8 | 128, "896"},
		{hdNum(3, 63), "hdd63"},
		{2048, "sda"},
		{sdNum(15, 15), "sdp15"},
		{0, "0"},
		{5, "5"},
		{1<<31 - 1, "2147483647"},
	}
	for _, tt := range tests {
		got, err := Name(tt.number)
		if err != nil || got != tt.want {
			t.Errorf("Name(%d) = %q, %v; want %q", tt.number, got, err, tt.want)
		}
	}
	for _, n := range []int{-1, 1 << 31} {
		if got, err := Name(n); err == nil {
			t.Errorf("Name(%d) = %q, want error", n, got)
		}
	}
}

// TestRoundTrip checks Name(Decode(x).Number) decodes to the same number,
// over every hd/sd name, a sweep of xvd names and every major's minor byte.
func TestRoundTrip(t *testing.T) {
	var names []string
	for d := 0; d <= 3; d++ {
		for p := 0; p <= 63; p++ {
			names = append(names, nameOf("hd", d, p))
		}
	}
	for d := 0; d <= 15; d++ {
		for p := 0; p <= 15; p++ {
			names = append(names, nameOf("sd", d, p))
		}
	}
	for _, d := range []int{0, 1, 15, 16, 25, 26, 701, 702, 18277, 18278, MaxXvdDisk} {
		for _, p := range []int{0, 1, 15, 16, 63, 64, 255} {
			names = append(names, nameOf("xvd", d, p), fmt.Sprintf("d%dp%d", d, p))
		}
	}
	for _, n := range []int{0, 1, 255, 256, 4096, 1 << 30} {
		names = append(names, fmt.Sprint(n))
	}
	for _, name := range names {
		v, err := Decode(name)
		if err != nil {
			t.Fatalf("Decode(%q): %v", name, err)
		}
		canon, err := Name(v.Number)
		if err != nil {
			t.Fatalf("Name(%d): %v", v.Number, err)
		}
		w, err := Decode(canon)
		if err != nil || w.Number != v.Number {
			t.Errorf("%q -> %d -> %q -> %d, %v", name, v.Number, canon, w.Number, err)
		}
		if v.Kind != KindDNP && v.Kind != KindNumber && canon != name {
			t.Errorf("Name(Decode(%q).Number) = %q, want the name back", name, canon)
		}
		if (canon == name) != v.Canonical() {
			t.Errorf("Decode(%q).Canonical() = %v", name, v.Canonical())
		}
	}
	// Every device number of the four majors names a disk.
	for _, major := range []int{3, 8, 22, 202} {
		for minor := 0; minor < 256; minor++ {
			n := major<<8 | minor
			name, err := Name(n)
			if err != nil {
				t.Fatal(err)
			}
			numeric := (major == 3 || major == 22) && minor >= 128 // no hd name has bit 7
			if v, err := Decode(name); err != nil || v.Number != n || (v.Kind == KindNumber) != numeric {
				t.Errorf("Name(%d) = %q decodes to %+v, %v", n, name, v, err)
			}
		}
	}
}

func nameOf(prefix string, d, p int) string {
	s := prefix + Letters(d)
	if p > 0 {
		s += fmt.Sprint(p)
	}
	return s
}

func TestLetters(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{{-1, ""}, {0, "a"}, {25, "z"}, {26, "aa"}, {51, "az"}, {52, "ba"}, {701, "zz"}, {702, "aaa"}} {
		if got := Letters(tt.n); got != tt.want {
			t.Errorf("Letters(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
	if MaxXvdDisk != 1<<20-1 {
		t.Fatal("limit")
	}
}

func TestKindString(t *testing.T) {
	got := []string{KindUnknown.String(), KindXvd.String(), KindHd.String(), KindSd.String(), KindNumber.String(), KindDNP.String(), Kind(42).String()}
	want := []string{"unknown", "xvd", "hd", "sd", "number", "dNpM", "Kind(42)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Error(diff)
	}
}

func BenchmarkDecode(b *testing.B) {
	b.ReportAllocs()
	names := []string{"xvda", "hdc1", "sdb", "xvdaa12", "d3p1", "51712"}
	for i := 0; i < b.N; i++ {
		if _, err := Decode(names[i%len(names)]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkName(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Name(51712 + i%256); err != nil {
			b.Fatal(err)
		}
	}
}
