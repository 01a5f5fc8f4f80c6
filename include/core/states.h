/*
 * states: the states a device is in and the reasons a device comes back,
 * one table each (core/states.c): the text the database stores, the label
 * a person reads, and the rules that go with them — the state a reason
 * sends the device back to, and which reasons a device passed on to a
 * successor accepts. Domain rules only: no storage, no screen.
 *
 * The stored texts never change (old registers and the audit log hold
 * them); a new state or reason is a new row, and a migration when the
 * schema's CHECK names them.
 */
#ifndef CORE_STATES_H
#define CORE_STATES_H

enum device_state {
    DEVICE_STATE_NONE = -1, /* a text that is no state */
    DEVICE_IN_STOCK,
    DEVICE_HANDED_OVER, /* held by a person: the device has an open handover */
    DEVICE_REPAIR,
    DEVICE_LOST,
    DEVICE_WRITTEN_OFF, /* final */
    DEVICE_STATE_COUNT
};

enum return_reason {
    RETURN_REASON_NONE = -1,
    RETURN_DIED,
    RETURN_REPLACED,
    RETURN_DEFECTIVE,
    RETURN_LOST,
    RETURN_OTHER,
    RETURN_REASON_COUNT
};

/* The state stored as text (NULL or unknown: DEVICE_STATE_NONE). */
enum device_state device_state_parse(const char *text);
/* Its stored text ("in_stock"); "" for DEVICE_STATE_NONE. Static. */
const char *device_state_text(enum device_state s);
/* Its label, translated ("in stock"). */
const char *device_state_label(enum device_state s);
/* Why a device in state s cannot be handed over, translated ("it is under
 * repair"). */
const char *device_state_why_not_given(enum device_state s);

enum return_reason return_reason_parse(const char *text);
const char *return_reason_text(enum return_reason r);
const char *return_reason_label(enum return_reason r);
/* The state a device returned for reason r goes back to: repair when
 * defective, lost when lost, else in stock. */
enum device_state return_reason_back_to(enum return_reason r);
/* Whether a device returned for r may be passed on to a successor in the
 * same step: not when it is defective or lost. */
int return_reason_passes_on(enum return_reason r);

#endif
