#include "model/scan_report.h"

namespace bulwark {

const char *warning_kind_name(WarningKind kind) {
	switch (kind) {
	case WarningKind::path_contained:
		return "path_contained";
	case WarningKind::link_loop:
		return "link_loop";
	case WarningKind::bad_record:
		return "bad_record";
	case WarningKind::limit_reached:
		return "limit_reached";
	case WarningKind::duplicate_entry:
		return "duplicate_entry";
	case WarningKind::other:
		return "other";
	}
	return "other";
}

} // namespace bulwark
