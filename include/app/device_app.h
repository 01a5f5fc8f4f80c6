/* device_app: registering devices, editing them, and changing a device's status. */
#ifndef APP_DEVICE_APP_H
#define APP_DEVICE_APP_H

#include "app/app.h"
#include "app/round_app.h"
#include "store/device_store.h"

/* An error about a value names its field by the member's name ("imei2",
 * "delivered_on"; "round" for round_id), as for struct round_input
 * (store/round_store.h). */
int device_app_validate(struct app *app, const struct device_input *in, struct error *err);
int device_app_add(struct app *app, const struct device_input *in, long long *id,
                   struct error *err);
/*
 * A phone an operator registers (the form, scan mode, `device add`):
 * device_app_add, and once rounds exist it belongs to one — round_id 0 is
 * refused then (ERR_INVALID, field "round"). An import or the demo may
 * leave the round for later (device_app_add).
 */
int device_app_register(struct app *app, const struct device_input *in, long long *id,
                        struct error *err);
/*
 * Status changes outside handovers: repair, lost, written_off, in_stock
 * (back from repair). A device handed over must be returned first.
 */
int device_app_set_status(struct app *app, const char *imei, const char *status, const char *note,
                          struct error *err);

/* Status names: the stored word and the label an operator reads. */
int device_status_valid(const char *status);
const char *device_status_label(const char *status);

/*
 * A registered phone's own data, changed: NULL (round_id -1) leaves a
 * member as it is, "" clears an optional one. Each value is checked by the
 * rule registration uses; a second IMEI must be no other phone's; once
 * rounds exist a phone belongs to one (round_id 0 is refused then). A
 * change is one audit entry (device.edit, before and after); nothing to
 * change records nothing. Status changes go through device_app_set_status.
 */
struct device_edit {
    const char *model;
    const char *imei2;
    const char *price;
    long long round_id;
};
int device_app_edit(struct app *app, long long id, const struct device_edit *in, struct error *err);

#endif
