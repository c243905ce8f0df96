import pytest

from kiosk.settings import Display
from kiosk.theme import CAP_RATIO, FONT_REGULAR, HIGH_CONTRAST, NORMAL, Theme, contrast


def test_default_display_is_about_5_9_px_per_mm():
    theme = Theme(Display())
    assert theme.px_per_mm == pytest.approx(5.9, abs=0.05)
    assert theme.mm(16) == pytest.approx(94, abs=1)


def test_small_display_keeps_physical_sizes():
    small, big = Theme(Display(7, 800, 480)), Theme(Display())
    assert small.touch / small.px_per_mm == pytest.approx(big.touch / big.px_per_mm)


@pytest.mark.parametrize("palette", [NORMAL, HIGH_CONTRAST], ids=["normal", "high-contrast"])
@pytest.mark.parametrize(("fg", "bg"), [("text", "background"), ("button_text", "button"),
                                        ("quiet_text", "quiet"), ("warning_text", "warning"),
                                        ("disabled_text", "disabled")])
def test_text_colours_reach_aaa(palette, fg, bg):
    assert contrast(getattr(palette, fg), getattr(palette, bg)) >= 7.0


def test_contrast_formula_known_values():
    assert contrast((0, 0, 0, 1), (1, 1, 1, 1)) == pytest.approx(21)
    assert contrast((0.5, 0.5, 0.5, 1), (0.5, 0.5, 0.5, 1)) == pytest.approx(1)


def test_cap_ratio_matches_the_font_file():
    from PIL import ImageFont

    font = ImageFont.truetype(FONT_REGULAR, 1000)
    left, top, right, bottom = font.getbbox("H")
    assert (bottom - top) / 1000 == pytest.approx(CAP_RATIO, abs=0.005)


@pytest.mark.parametrize(("scale", "minimum"), [(0, 4.8), (1, 6.1), (2, 6.1)])
def test_body_text_cap_height(scale, minimum):
    theme = Theme(Display(), text_scale=scale)
    assert theme.font_body * CAP_RATIO / theme.px_per_mm >= minimum


def test_small_screen_offers_normal_text_only():
    """91 mm of height leave no room for larger text next to 16 mm buttons."""
    assert Theme(Display()).text_scales == ("A", "A+", "A++")
    assert Theme(Display(7.0, 800, 480)).text_scales == ("A",)


def test_screens_show_less_where_few_lines_fit():
    """The 7-inch display, and the 10-inch at A++ (a booking summary spilled over its title)."""
    assert [Theme(Display(), text_scale=s).compact for s in range(3)] == [False, False, True]
    assert Theme(Display(7.0, 800, 480)).compact
