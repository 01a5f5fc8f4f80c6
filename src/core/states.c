/* states: device states and return reasons; see include/core/states.h. */
#include "core/states.h"

#include <string.h>

#include "core/i18n.h"

static const struct {
    const char *text;
    const char *label;     /* N_() */
    const char *not_given; /* N_(): why it cannot be handed over */
} states[DEVICE_STATE_COUNT] = {
    [DEVICE_IN_STOCK] = {"in_stock", N_("in stock"), N_("it is not in stock")},
    [DEVICE_HANDED_OVER] = {"handed_over", N_("handed over"), N_("it is not in stock")},
    [DEVICE_REPAIR] = {"repair", N_("under repair"), N_("it is under repair")},
    [DEVICE_LOST] = {"lost", N_("lost"), N_("it is reported lost")},
    [DEVICE_WRITTEN_OFF] = {"written_off", N_("written off"), N_("it is written off")},
};

static const struct {
    const char *text;
    const char *label; /* N_() */
    enum device_state back_to;
    int passes_on;
} reasons[RETURN_REASON_COUNT] = {
    [RETURN_DIED] = {"died", N_("died"), DEVICE_IN_STOCK, 1},
    [RETURN_REPLACED] = {"replaced", N_("replaced"), DEVICE_IN_STOCK, 1},
    [RETURN_DEFECTIVE] = {"defective", N_("defective"), DEVICE_REPAIR, 0},
    [RETURN_LOST] = {"lost", N_("lost"), DEVICE_LOST, 0},
    [RETURN_OTHER] = {"other", N_("other"), DEVICE_IN_STOCK, 1},
};

enum device_state device_state_parse(const char *text)
{
    for (int i = 0; text && i < DEVICE_STATE_COUNT; i++)
        if (strcmp(text, states[i].text) == 0)
            return (enum device_state)i;
    return DEVICE_STATE_NONE;
}

const char *device_state_text(enum device_state s)
{
    return s >= 0 && s < DEVICE_STATE_COUNT ? states[s].text : "";
}

const char *device_state_label(enum device_state s)
{
    return s >= 0 && s < DEVICE_STATE_COUNT ? _(states[s].label) : "";
}

const char *device_state_why_not_given(enum device_state s)
{
    return _(states[s >= 0 && s < DEVICE_STATE_COUNT ? s : DEVICE_IN_STOCK].not_given);
}

enum return_reason return_reason_parse(const char *text)
{
    for (int i = 0; text && i < RETURN_REASON_COUNT; i++)
        if (strcmp(text, reasons[i].text) == 0)
            return (enum return_reason)i;
    return RETURN_REASON_NONE;
}

const char *return_reason_text(enum return_reason r)
{
    return r >= 0 && r < RETURN_REASON_COUNT ? reasons[r].text : "";
}

const char *return_reason_label(enum return_reason r)
{
    return r >= 0 && r < RETURN_REASON_COUNT ? _(reasons[r].label) : "";
}

enum device_state return_reason_back_to(enum return_reason r)
{
    return r >= 0 && r < RETURN_REASON_COUNT ? reasons[r].back_to : DEVICE_STATE_NONE;
}

int return_reason_passes_on(enum return_reason r)
{
    return r >= 0 && r < RETURN_REASON_COUNT && reasons[r].passes_on;
}
