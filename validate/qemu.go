package validate

import (
	"strings"

	"github.com/xldisk/xldisk/diskspec"
)

// ValidID reports whether s is a QEMU identifier (id_wellformed): a letter,
// then letters, digits, '-', '.' and '_'. libxl uses colo-export as a drive
// id, so it must be one.
func ValidID(s string) bool {
	if s == "" || !isLetter(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !isLetter(c) && !(c >= '0' && c <= '9') && c != '-' && c != '.' && c != '_' {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

// protocolPrefix returns the protocol QEMU's block layer would read from a
// file name (path_has_protocol: a ':' before any '/'), or "" if none.
func protocolPrefix(path string) string {
	i := strings.IndexAny(path, ":/")
	if i < 0 || path[i] != ':' {
		return ""
	}
	return path[:i]
}

// qemuProtocols are the protocol prefixes QEMU 7.2 and 10.0 (Debian
// builds) know (qemu-system-x86_64 -drive format=help, the protocol
// drivers).
var qemuProtocols = map[string]bool{
	"file": true, "ftp": true, "ftps": true, "gluster": true, "gluster+tcp": true,
	"gluster+unix": true, "gluster+rdma": true, "host_cdrom": true, "host_device": true,
	"http": true, "https": true, "iscsi": true, "iser": true, "nbd": true, "nbd+tcp": true,
	"nbd+unix": true, "nfs": true, "null-aio": true, "null-co": true, "nvme": true,
	"rbd": true, "ssh": true, "vvfat": true, "fat": true, "blkdebug": true, "blkverify": true,
}

// qemuFormat is libxl__qemu_disk_format_string: the QEMU format driver of
// an image format; "" stands for NULL (no driver: empty, unknown).
func qemuFormat(f diskspec.Format) string {
	switch f {
	case diskspec.FormatQcow:
		return "qcow"
	case diskspec.FormatQcow2:
		return "qcow2"
	case diskspec.FormatVhd:
		return "vpc"
	case diskspec.FormatRaw:
		return "raw"
	case diskspec.FormatQed:
		return "qed"
	}
	return ""
}
