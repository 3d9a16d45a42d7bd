// Package vdev decodes Xen virtual block device names ("vdev": xvda,
// hdc1, sdb, d3p1, 51712) into device numbers exactly as libxl's
// libxl__device_disk_dev_number does (see Xen's docs/misc/vbd-interface.txt),
// and renders device numbers back as canonical names.
//
// The accepted forms, tried in libxl's order:
//
//   - dNpM: disk N < 2^20, partition M < 256 (read with C sscanf "%i", so
//     hex, octal, signs and leading blanks are accepted as libxl accepts
//     them);
//   - xvdX[N]: X in bijective base 26 (a..z, aa..), disk < 2^20, partition
//     <= 255 without a leading zero;
//   - a plain device number <= INT_MAX (C strtoul base 0);
//   - hdX[N]: disk a..d, partition <= 63;
//   - sdX[N]: disk a..p, partition <= 15.
//
// xvd and dNpM numbers are (202<<8)|(disk<<4)|partition when disk <= 15 and
// partition <= 15, and (1<<28)|(disk<<8)|partition otherwise; hd numbers are
// ((disk<2 ? 3 : 22)<<8)|((disk&1)<<6)|partition; sd numbers are
// (8<<8)|(disk<<4)|partition.
package vdev

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xldisk/xldisk/internal/cnum"
)

// Kind is the form of a vdev name.
type Kind int

// The kinds of vdev names. KindUnknown is the zero value, never returned by
// a successful Decode.
const (
	KindUnknown Kind = iota
	// KindXvd is xvdX[N], the Xen PV naming.
	KindXvd
	// KindHd is hdX[N], an emulated IDE disk.
	KindHd
	// KindSd is sdX[N], an emulated SCSI disk.
	KindSd
	// KindNumber is a plain device number such as 51712.
	KindNumber
	// KindDNP is dNpM, numbered like xvd.
	KindDNP
)

var kindNames = [...]string{"unknown", "xvd", "hd", "sd", "number", "dNpM"}

// String returns "xvd", "hd", "sd", "number", "dNpM" or "unknown".
func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Limits of each naming scheme (inclusive maxima), as in libxl.
const (
	MaxXvdDisk      = 1<<20 - 1
	MaxXvdPartition = 255
	MaxHdDisk       = 3
	MaxHdPartition  = 63
	MaxSdDisk       = 15
	MaxSdPartition  = 15
)

// Major numbers and flags of the device number encodings.
const (
	MajorXvd     = 202
	MajorHd0     = 3  // hda, hdb
	MajorHd1     = 22 // hdc, hdd
	MajorSd      = 8
	ExtendedFlag = 1 << 28
)

// Vdev is a decoded virtual device name.
type Vdev struct {
	// Name is the name as given.
	Name string
	// Kind is the naming scheme that matched.
	Kind Kind
	// Disk is the disk index (xvda, hda, sda, d0p0 are 0). It is -1 for
	// KindNumber: libxl does not decode plain numbers into a disk and a
	// partition, so such a disk cannot be emulated by QEMU.
	Disk int
	// Partition is the partition number, 0 for the whole disk; -1 for
	// KindNumber.
	Partition int
	// Number is the device number libxl writes to xenstore (the devid,
	// frontend node virtual-device).
	Number int
}

// Canonical reports whether Name is the canonical spelling of Number, the
// one Name(v.Number) returns (e.g. "xvda+1" and "d0p1" are not).
func (v Vdev) Canonical() bool {
	n, err := Name(v.Number)
	return err == nil && n == v.Name
}

// Error is the error Decode returns for a name libxl refuses. Offset and Len
// locate the offending bytes inside Name.
type Error struct {
	// Name is the vdev as given.
	Name string
	// Offset and Len locate the offending bytes in Name.
	Offset int
	Len    int
	// Msg says what is wrong and what was expected.
	Msg string
}

// Error formats the error as `invalid vdev "NAME": MSG`.
func (e *Error) Error() string {
	return fmt.Sprintf("invalid vdev %q: %s", e.Name, e.Msg)
}

// Decode decodes a vdev name as libxl__device_disk_dev_number does and
// returns a *Error for every name libxl refuses.
//
// Deliberate differences from libxl: libxl reads an empty name as device
// number 0 (a strtoul quirk); its letter forms accept a missing disk letter
// as disk -1 ("hd" becomes device number 832, "xvd" -16); and it only
// refuses a result of exactly -1, letting other negative numbers through
// ("xvda-2", "d-1p0"). Decode refuses all of these: no working device has
// them.
func Decode(name string) (Vdev, error) {
	if name == "" {
		return Vdev{}, &Error{Name: name, Msg: "empty vdev; expected xvdX[N], hdX[N], sdX[N], dNpM or a device number (libxl would read it as device number 0)"}
	}
	v, ok := libxlDevNumber(name)
	weird := ok && (v.Number < 0 || (v.Kind != KindNumber && (v.Disk < 0 || v.Partition < 0)))
	if ok && !weird {
		return v, nil
	}
	if weird {
		e := explain(name)
		if e == nil {
			e = &Error{Name: name, Len: len(name), Msg: "not a usable vdev"}
		}
		e.Msg += fmt.Sprintf(" (libxl lets it through as device number %d)", v.Number)
		return Vdev{}, e
	}
	if e := explain(name); e != nil {
		return Vdev{}, e
	}
	return Vdev{}, &Error{Name: name, Len: len(name), Msg: "not a vdev libxl accepts; expected xvdX[N], hdX[N], sdX[N], dNpM or a device number"}
}

// libxlDevNumber is a faithful emulation of libxl__device_disk_dev_number:
// ok is false where libxl returns -1 through its "no match" path. Number may
// be negative where libxl's arithmetic produces a negative value.
func libxlDevNumber(name string) (Vdev, bool) {
	if d, p, ok := matchDNP(name); ok {
		return Vdev{Name: name, Kind: KindDNP, Disk: int(d), Partition: int(p), Number: xvdNumber(d, p)}, true
	}
	if d, p, ok := matchLetters(name, "xvd", MaxXvdDisk, MaxXvdPartition); ok {
		return Vdev{Name: name, Kind: KindXvd, Disk: int(d), Partition: int(p), Number: xvdNumber(d, p)}, true
	}
	if ul, end, over := cnum.Strtoul(name, 0, 0); !over && end == len(name) && ul <= 1<<31-1 {
		return Vdev{Name: name, Kind: KindNumber, Disk: -1, Partition: -1, Number: int(ul)}, true
	}
	if d, p, ok := matchLetters(name, "hd", MaxHdDisk, MaxHdPartition); ok {
		major := int32(MajorHd1)
		if d < 2 {
			major = MajorHd0
		}
		return Vdev{Name: name, Kind: KindHd, Disk: int(d), Partition: int(p), Number: int(major<<8 | (d&1)<<6 | p)}, true
	}
	if d, p, ok := matchLetters(name, "sd", MaxSdDisk, MaxSdPartition); ok {
		return Vdev{Name: name, Kind: KindSd, Disk: int(d), Partition: int(p), Number: int(MajorSd<<8 | d<<4 | p)}, true
	}
	return Vdev{}, false
}

// xvdNumber computes the xvd/dNpM device number with C int arithmetic.
func xvdNumber(d, p int32) int {
	if d <= 15 && p <= 15 {
		return int(MajorXvd<<8 | d<<4 | p)
	}
	return int(ExtendedFlag | d<<8 | p)
}

// matchDNP emulates
//
//	sscanf(name, "d%ip%i%n", &disk, &partition, &chrused) >= 2 &&
//	chrused == strlen(name) && disk < (1<<20) && partition < 256
func matchDNP(name string) (disk, part int32, ok bool) {
	if len(name) == 0 || name[0] != 'd' {
		return 0, 0, false
	}
	d, i, ok := cnum.ScanfInt(name, 1)
	if !ok || i >= len(name) || name[i] != 'p' {
		return 0, 0, false
	}
	p, i, ok := cnum.ScanfInt(name, i+1)
	if !ok || i != len(name) || d >= 1<<20 || p >= 256 {
		return 0, 0, false
	}
	return d, p, true
}

// matchLetters emulates libxl's device_virtdisk_matches: prefix, disk
// letters in bijective base 26, then an optional partition read by strtoul
// (base 10) that must not start with '0'.
func matchLetters(name, prefix string, maxDisk, maxPart int64) (disk, part int32, ok bool) {
	if !strings.HasPrefix(name, prefix) {
		return 0, 0, false
	}
	idx := int64(-1)
	i := len(prefix)
	for ; i < len(name) && name[i] >= 'a' && name[i] <= 'z'; i++ {
		idx = (idx+1)*26 + int64(name[i]-'a')
		if idx > maxDisk {
			return 0, 0, false
		}
	}
	if i == len(name) {
		return int32(idx), 0, true
	}
	if name[i] == '0' {
		return 0, 0, false
	}
	ul, end, _ := cnum.Strtoul(name, i, 10)
	pl := int64(ul) // C: long pl = strtoul(...)
	if pl > maxPart || end != len(name) {
		return 0, 0, false
	}
	return int32(idx), int32(pl), true
}

// explain finds, for a name libxl refuses (or decodes to a negative
// number), the offending bytes and says what was expected. It returns nil
// only if it finds nothing wrong.
func explain(name string) *Error {
	bad := func(off, n int, format string, args ...any) *Error {
		if off > len(name) {
			off = len(name)
		}
		if off+n > len(name) {
			n = len(name) - off
		}
		return &Error{Name: name, Offset: off, Len: n, Msg: fmt.Sprintf(format, args...)}
	}
	switch {
	case strings.HasPrefix(name, "xvd"):
		return explainLetters(name, "xvd", MaxXvdDisk, MaxXvdPartition, bad)
	case strings.HasPrefix(name, "hd"):
		return explainLetters(name, "hd", MaxHdDisk, MaxHdPartition, bad)
	case strings.HasPrefix(name, "sd"):
		return explainLetters(name, "sd", MaxSdDisk, MaxSdPartition, bad)
	case len(name) > 1 && name[0] == 'd' && (isDigit(name[1]) || name[1] == '+' || name[1] == '-' || cnum.IsSpace(name[1])):
		return explainDNP(name, bad)
	case isDigit(name[0]) || name[0] == '+' || name[0] == '-' || cnum.IsSpace(name[0]):
		ul, end, over := cnum.Strtoul(name, 0, 0)
		if end == 0 {
			return bad(0, len(name), "expected a device number")
		}
		if end != len(name) {
			return bad(end, len(name)-end, "unexpected text after device number")
		}
		if over || ul > 1<<31-1 {
			return bad(0, len(name), "device number out of range 0..2147483647")
		}
		return nil
	}
	return bad(0, len(name), "unknown vdev form; expected xvdX[N], hdX[N], sdX[N], dNpM or a device number")
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func explainLetters(name, prefix string, maxDisk, maxPart int64, bad func(int, int, string, ...any) *Error) *Error {
	i := len(prefix)
	start := i
	idx := int64(-1)
	for ; i < len(name) && name[i] >= 'a' && name[i] <= 'z'; i++ {
		idx = (idx+1)*26 + int64(name[i]-'a')
		if idx > maxDisk {
			for i < len(name) && name[i] >= 'a' && name[i] <= 'z' {
				i++
			}
			return bad(start, i-start, "%s disk %q is beyond the last one, %s%s (%d disks)",
				prefix, name[start:i], prefix, letters(maxDisk), maxDisk+1)
		}
	}
	if i == start {
		return bad(start, 1, "expected a disk letter a..z after %q", prefix)
	}
	if i == len(name) {
		return nil
	}
	ps := i
	if name[i] == '0' {
		return bad(ps, len(name)-ps, "partition number has a leading zero")
	}
	j := i
	for j < len(name) && isDigit(name[j]) {
		j++
	}
	if j == i {
		return bad(ps, len(name)-ps, "expected a partition number (1..%d) or the end after the disk letters", maxPart)
	}
	if j != len(name) {
		return bad(j, len(name)-j, "unexpected text after the partition number")
	}
	n, err := strconv.ParseInt(name[i:j], 10, 64)
	if err != nil || n > maxPart {
		return bad(ps, j-ps, "%s partition %s out of range 1..%d", prefix, name[i:j], maxPart)
	}
	return nil
}

func explainDNP(name string, bad func(int, int, string, ...any) *Error) *Error {
	d, i, ok := cnum.ScanfInt(name, 1)
	if !ok {
		return bad(1, len(name)-1, "expected a disk number after \"d\" (dNpM)")
	}
	if i >= len(name) || name[i] != 'p' {
		return bad(i, len(name)-i, "expected \"p\" and a partition number after the disk number (dNpM)")
	}
	p, j, ok := cnum.ScanfInt(name, i+1)
	if !ok {
		return bad(i+1, len(name)-i-1, "expected a partition number after \"p\" (dNpM)")
	}
	if j != len(name) {
		return bad(j, len(name)-j, "unexpected text after the partition number (dNpM)")
	}
	if d < 0 || d >= 1<<20 {
		return bad(1, i-1, "disk number %d out of range 0..%d", d, MaxXvdDisk)
	}
	if p < 0 || p >= 256 {
		return bad(i+1, j-i-1, "partition number %d out of range 0..255", p)
	}
	return nil
}

// letters renders a disk index in bijective base 26 (0 → "a", 26 → "aa").
func letters(n int64) string {
	var b []byte
	for {
		b = append(b, byte('a'+n%26))
		n = n/26 - 1
		if n < 0 {
			break
		}
	}
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

// Letters renders a disk index as the letters of an xvd/hd/sd name
// (0 → "a", 25 → "z", 26 → "aa"). It returns "" for a negative index.
func Letters(disk int) string {
	if disk < 0 {
		return ""
	}
	return letters(int64(disk))
}

// Name returns the canonical name of a device number: the xvd, hd or sd
// name that Decode maps back to number, or the number in decimal when no
// such name exists. It fails only for a negative number or one above
// 2147483647, which libxl cannot produce.
func Name(number int) (string, error) {
	if number < 0 || number > 1<<31-1 {
		return "", fmt.Errorf("device number %d out of range 0..2147483647", number)
	}
	part := func(p int) string {
		if p == 0 {
			return ""
		}
		return strconv.Itoa(p)
	}
	switch {
	case number&ExtendedFlag != 0 && number>>28 == 1:
		d, p := (number>>8)&(1<<20-1), number&0xff
		if d > 15 || p > 15 {
			return "xvd" + letters(int64(d)) + part(p), nil
		}
	case number>>8 == MajorXvd:
		return "xvd" + letters(int64((number>>4)&0xf)) + part(number&0xf), nil
	case (number>>8 == MajorHd0 || number>>8 == MajorHd1) && number&0x80 == 0:
		d := (number >> 6) & 1
		if number>>8 == MajorHd1 {
			d += 2
		}
		return "hd" + letters(int64(d)) + part(number&0x3f), nil
	case number>>8 == MajorSd:
		return "sd" + letters(int64((number>>4)&0xf)) + part(number&0xf), nil
	}
	return strconv.Itoa(number), nil
}
