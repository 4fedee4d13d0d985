#include <gtest/gtest.h>

#include <algorithm>

#include "report/spdx_license.h"

namespace bulwark {
namespace {

TEST(SpdxLicense, ListIsSortedForLookup) {
	const auto list = spdx_license_list();
	EXPECT_GT(list.size(), 700u);
	auto folded = [](std::string_view text) {
		std::string out(text);
		std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
		return out;
	};
	for (size_t i = 1; i < list.size(); ++i) {
		EXPECT_LT(folded(list[i - 1]), folded(list[i]));
	}
}

TEST(SpdxLicense, IdsMatchCaseInsensitivelyAndComeBackCanonical) {
	EXPECT_EQ(spdx_license_id("mit"), "MIT");
	EXPECT_EQ(spdx_license_id("gpl-2.0-ONLY"), "GPL-2.0-only");
	EXPECT_EQ(spdx_license_id("Classpath-exception-2.0"), "Classpath-exception-2.0");
	EXPECT_FALSE(spdx_license_id("GPL-2"));       // Debian's short name, not an SPDX id
	EXPECT_FALSE(spdx_license_id("Expat"));       // Debian's name for MIT
	EXPECT_FALSE(spdx_license_id("public-domain"));
	EXPECT_FALSE(spdx_license_id(""));
}

TEST(SpdxLicense, ExpressionsFollowAnnexD) {
	EXPECT_EQ(spdx_license_expression("MIT"), "MIT");
	EXPECT_EQ(spdx_license_expression("mpl-2.0  AND mit"), "MPL-2.0 AND MIT");
	EXPECT_EQ(spdx_license_expression("Apache-2.0 AND (MIT OR GPL-2.0-only)"), "Apache-2.0 AND (MIT OR GPL-2.0-only)");
	EXPECT_EQ(spdx_license_expression("GPL-3.0-only WITH Classpath-exception-2.0"),
	          "GPL-3.0-only WITH Classpath-exception-2.0");
	EXPECT_EQ(spdx_license_expression("GPL-2.0+"), "GPL-2.0+");
	EXPECT_EQ(spdx_license_expression("LicenseRef-Proprietary OR DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2"),
	          "LicenseRef-Proprietary OR DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2");
	EXPECT_EQ(spdx_license_expression("(MIT)"), "(MIT)");

	EXPECT_FALSE(spdx_license_expression(""));
	EXPECT_FALSE(spdx_license_expression("GPL-3+ with Bison exception"));
	EXPECT_FALSE(spdx_license_expression("MIT AND"));
	EXPECT_FALSE(spdx_license_expression("(MIT"));
	EXPECT_FALSE(spdx_license_expression("MIT)"));
	EXPECT_FALSE(spdx_license_expression("MIT OR OR Apache-2.0"));
	EXPECT_FALSE(spdx_license_expression("GPL-2.0-only WITH NotAnException"));
	EXPECT_FALSE(spdx_license_expression("LicenseRef-"));
	EXPECT_FALSE(spdx_license_expression("LicenseRef-a_b"));
}

} // namespace
} // namespace bulwark
