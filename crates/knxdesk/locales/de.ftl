# knxdesk, German. Message ids are the keys the code uses with '.' written as '-'
# (`ets.field.name` is `ets-field-name`); variables are `{ $name }`.

## nav
nav-skip = Zum Inhalt springen
nav-main = Hauptnavigation
nav-dashboard = Übersicht
nav-projects = Projekte
nav-devices = Geräte
nav-customers = Kunden
nav-service = Service
nav-settings = Einstellungen
nav-instance_admin = Instanzverwaltung
nav-close_menu = Menü schließen
nav-activity = Aktivität
nav-menu = Menü
nav-account_menu = Kontomenü
nav-organisations = Organisationen
nav-new_org = Neue Organisation…
nav-sign_out = Abmelden

## common
common-close = Schließen
common-email = E-Mail
common-password = Passwort
common-name = Name
common-phone = Telefon
common-back = Zurück
common-save = Speichern
common-cancel = Abbrechen
common-ok = OK
common-confirm = Bestätigen
common-confirm_title = Sind Sie sicher?
common-refuse_title = Noch nicht möglich
common-search = Suchen
common-edit = Bearbeiten
common-delete = Löschen
common-pages = Seiten
common-previous = Zurück
common-next = Weiter
common-page_of = Seite { $page } von { $pages }
common-actions = Aktionen

## error
error-required = Dieses Feld ist erforderlich.
error-too_long = Höchstens { $max } Zeichen.
error-invalid_email = Geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.
error-password_short = Verwenden Sie mindestens { $min } Zeichen.
error-password_mismatch = Die Passwörter stimmen nicht überein.
error-wrong_password = Das Passwort ist nicht richtig.
error-invalid = Dieser Wert ist ungültig.
error-taken = Dies ist bereits vergeben.
error-title = Da stimmt etwas nicht
error-home = Zur Startseite
error-mail_throttled = Von Ihrem Netzwerk wurden zu viele E-Mails angefordert. Versuchen Sie es in { $minutes ->
        [one] einer Minute
       *[other] { $minutes } Minuten
    } erneut.
error-page-not_found = Diese Seite gibt es nicht, oder Sie haben keinen Zugriff darauf.
error-page-forbidden = Ihre Rolle erlaubt das nicht. Fragen Sie einen Administrator der Organisation.
error-page-csrf = Dieses Formular ist abgelaufen. Gehen Sie zurück, laden Sie die Seite neu und versuchen Sie es noch einmal.
error-page-internal = Bei uns ist etwas schiefgegangen. Es wurde nichts geändert; bitte versuchen Sie es gleich noch einmal.
error-page-busy = Der Server ist gerade ausgelastet. Es wurde nichts geändert; bitte versuchen Sie es gleich noch einmal.
error-page-link_invalid = Dieser Link ist ungültig. Nutzen Sie den neuesten Link aus Ihrer Mail oder ändern Sie Ihre Benachrichtigungen in den Einstellungen.
error-page-too_large = Dieses Formular ist zu groß zum Senden. Kürzen Sie Ihre Eingaben und versuchen Sie es erneut.

## signin
signin-title = Anmelden
signin-submit = Anmelden
signin-forgot = Passwort vergessen?
signin-no_account = Konto erstellen
signin-wrong = E-Mail oder Passwort ist nicht richtig.
signin-throttled = Zu viele Fehlversuche. Zu Ihrer Sicherheit ist die Anmeldung pausiert; versuchen Sie es in { $minutes ->
        [one] einer Minute
       *[other] { $minutes } Minuten
    } erneut oder setzen Sie Ihr Passwort zurück.
signin-signed_out = Sie sind abgemeldet.

## signup
signup-title = Konto erstellen
signup-submit = Konto erstellen
signup-have_account = Schon ein Konto? Anmelden
signup-password_hint = Mindestens 12 Zeichen. Ein kurzer Satz ist leicht zu merken und schwer zu erraten.
signup-check_title = Prüfen Sie Ihr Postfach
signup-check_body = Wir haben eine Nachricht an { $email } gesendet. Öffnen Sie den Link darin, um fortzufahren.
signup-check_hint = Nach ein paar Minuten nichts angekommen? Sehen Sie im Spam-Ordner nach oder registrieren Sie sich erneut.
signup-confirm_title = E-Mail bestätigen
signup-confirm_body = Das Konto für { $email } anlegen?
signup-confirm_submit = Bestätigen und weiter
signup-link_invalid = Dieser Link ist ungültig. Kopieren Sie den ganzen Link aus der E-Mail oder registrieren Sie sich erneut.
signup-link_expired = Dieser Link ist abgelaufen. Bitte registrieren Sie sich erneut.
signup-welcome = Willkommen bei knxdesk! Legen Sie Ihre Organisation an, um loszulegen.
signup-already_exists = Für diese E-Mail gibt es bereits ein Konto. Melden Sie sich an.

## reset
reset-title = Passwort zurücksetzen
reset-intro = Geben Sie die E-Mail Ihres Kontos ein; wir senden Ihnen einen Link, um ein neues Passwort zu wählen.
reset-submit = Link senden
reset-sent = Falls { $email } ein Konto hat, ist ein Link zum Zurücksetzen unterwegs. Er ist eine Stunde gültig.
reset-new_title = Neues Passwort wählen
reset-new_password = Neues Passwort
reset-save = Passwort speichern
reset-done = Ihr Passwort wurde geändert und alle Sitzungen wurden beendet. Melden Sie sich mit dem neuen Passwort an.
reset-link_invalid = Dieser Link ist ungültig. Fordern Sie einen neuen an.
reset-link_used = Dieser Link wurde bereits verwendet. Fordern Sie bei Bedarf einen neuen an.
reset-link_expired = Dieser Link ist abgelaufen. Fordern Sie einen neuen an.

## orgs
orgs-welcome = Willkommen bei knxdesk, { $name }
orgs-welcome_intro = knxdesk verwaltet Ihre KNX-Anlagen: ihre ETS-Dateien, Räume, Geräte und Gruppenadressen und die Kunden, denen sie gehören.
orgs-welcome_invited = Wurden Sie eingeladen?
orgs-welcome_invited_text = Öffnen Sie den Link aus der Einladungs-E-Mail, während Sie mit dieser Adresse angemeldet sind; er gilt 7 Tage. Ist er abgelaufen, bitten Sie die einladende Person um eine neue Einladung. Sie sind noch in keiner Organisation Mitglied.
orgs-welcome_integrator = Sind Sie Integrator?
orgs-welcome_integrator_text = Legen Sie die Organisation Ihres Unternehmens an. Sie werden ihr Eigentümer und können dann Kunden, Projekte und Ihr Team hinzufügen.
orgs-title = Organisationen
orgs-yours = Ihre Organisationen
orgs-none = Sie haben (noch oder nicht mehr) Zugang zu keiner Organisation. Legen Sie eine eigene an oder wenden Sie sich an die Organisation, die Sie eingeladen hat.
orgs-create = Organisation anlegen
orgs-create_hint = Ihre Firma, wie Ihre Kunden sie kennen. Sie werden Eigentümer und Administrator.
orgs-name = Name der Organisation
orgs-create_submit = Organisation anlegen
orgs-created = Organisation { $name } angelegt.

## admin
admin-title = Instanzverwaltung
admin-all_orgs = Alle Organisationen
admin-no_orgs = Noch keine Organisationen.
admin-owner = Eigentümer
admin-members = Mitglieder
admin-created = Angelegt

## members
members-title = Mitglieder
members-role = Rolle
members-joined = Beigetreten
members-owner = Eigentümer
members-you = Sie
members-make_owner = Zum Eigentümer machen
members-confirm_owner = Die Eigentümerschaft dieser Organisation an { $email } übergeben? Sie bleiben Administrator.
members-remove = Aus der Organisation entfernen
members-confirm_remove = { $email } aus dieser Organisation entfernen? Das Konto bleibt bestehen; der Zugriff endet sofort.
members-confirm_role = { $email } zur Rolle { $role } ändern? Die Rechte ändern sich mit dem nächsten Klick.
members-role_help = Was jede Rolle darf
members-staff = Team
members-portal_users = Portal-Benutzer
members-portal_users_hint = Zugänge von Kunden: sie sehen nur die mit ihrem Kunden verknüpften Projekte. Einladen können Sie sie in der Kundenliste.
members-no_portal_users = Noch kein Kunde hat Portalzugang.
members-bad_role = Wählen Sie Administrator, Moderator oder Mitglied.
members-not_staff = Die Rollen von Kundenbenutzern werden beim Kunden verwaltet.
members-owner_stays_admin = Der Eigentümer ist immer Administrator. Übergeben Sie zuerst die Eigentümerschaft.
members-last_admin = Eine Organisation braucht mindestens einen Administrator.
members-role_changed = Rolle von { $email } geändert.
members-owner_cannot_leave = Der Eigentümer kann nicht entfernt werden. Übergeben Sie zuerst die Eigentümerschaft.
members-left = Sie haben die Organisation verlassen.
members-removed = { $email } wurde aus der Organisation entfernt.
members-owner_must_be_admin = Nur ein Administrator kann Eigentümer werden.
members-owner_changed = { $email } ist jetzt Eigentümer.

## invite
invite-customer_email_taken = Diese Adresse gehört bereits zu jemandem in Ihrer Organisation. Ein Kundenzugang braucht eine eigene Adresse.
invite-remove_access = Portalzugang entfernen
invite-confirm_remove_access = Den Portalzugang von { $name } entfernen? Der Zugang verlässt diese Organisation sofort; das Konto selbst bleibt. Sie können später erneut einladen.
invite-access_removed = { $name } hat keinen Portalzugang mehr.
invite-no_access_to_remove = Dieser Kunde hat keinen Portalzugang, der entfernt werden könnte.
invite-customer_title = Zum Portal einladen
invite-customer_heading = Zum Portal einladen:
invite-customer_hint = Wir senden einen Registrierungslink, der nach 7 Tagen abläuft. Der Kunde sieht die mit ihm verknüpften Projekte nur lesend, kann ETS-Dateien und Exporte herunterladen, sonst nichts.
invite-customer_send = Einladen
invite-customer_button = Einladen
invite-needs_email = Für eine Einladung E-Mail ergänzen
invite-badge_label = Einladung von { $name }: { $state }. Optionen anzeigen
invite-sent_to = Gesendet an { $email }
invite-expires_at = Läuft ab { $at }
invite-copy_link = Einladungslink kopieren
invite-link_not_kept_short = Der Link kann nur innerhalb von 10 Minuten nach dem Senden kopiert werden; danach bewahren wir ihn nicht auf. Erneut senden für einen neuen Link.
invite-link_not_kept = Der Einladungslink ist nicht mehr verfügbar: Wir bewahren ihn nur 10 Minuten nach dem Senden auf und löschen ihn dann. Senden Sie die Einladung erneut, um einen neuen Link zu erhalten.
invite-customer_has_access = { $name } hat bereits eine Einladung angenommen und hat Zugang zum Portal.
invite-customer_sent = Einladung an { $email } gesendet. In den nächsten 10 Minuten können Sie den Link auch über das Abzeichen „ausstehend“ kopieren.
invite-not_open = Es gibt keine offene Einladung zum erneuten Senden. Laden Sie den Kunden erneut ein.
invite-not_pending = Diese Einladung ist nicht mehr ausstehend.
invite-copy_title = Einladungslink
invite-copy_heading = Einladungslink für { $name }
invite-link_label = Registrierungslink (einmal verwendbar, 7 Tage gültig)
invite-copy = Kopieren
invite-copied = Kopiert
invite-copy_until = Geben Sie ihn nur an den Kunden weiter. Er wird hier bis { $until } angezeigt; danach löschen wir ihn und niemand kann ihn wiederherstellen.
invite-back_to_customers = Zurück zu den Kunden
invite-portal_heading = Ihre Projekte bei { $org }
invite-portal_body = { $org } lädt Sie in das Kundenportal von { $customer } ein: Räume, Geräte und Gruppenadressen Ihres Gebäudes ansehen und seine ETS-Dateien herunterladen, nur lesend.
invite-other_membership = Dieses Konto gehört dieser Organisation bereits in einer anderen Rolle an. Melden Sie sich mit einem anderen Konto an (oder registrieren Sie sich mit der eingeladenen Adresse), um die Einladung anzunehmen.
invite-button = Mitglied einladen
invite-open = Offene Einladungen
invite-none = Keine offenen Einladungen.
invite-status = Status
invite-expires = Läuft ab
invite-resend = Erneut senden
invite-revoke = Zurückziehen
invite-confirm_revoke = Die Einladung für { $email } zurückziehen? Der Link in der E-Mail funktioniert dann nicht mehr.
invite-title = Teammitglied einladen
invite-hint = Wir senden einen Registrierungslink per E-Mail. Er ist einmal verwendbar und 7 Tage gültig.
invite-send = Einladung senden
invite-already_member = Diese Person ist bereits Mitglied.
invite-sent = Einladung an { $email } gesendet.
invite-resent = Eine neue Einladung wurde an { $email } gesendet; der vorherige Link funktioniert nicht mehr.
invite-revoked = Die Einladung für { $email } wurde zurückgezogen.
invite-link_invalid = Dieser Einladungslink ist ungültig. Kopieren Sie den ganzen Link aus der E-Mail oder bitten Sie um eine neue Einladung.
invite-link_used = Diese Einladung wurde bereits verwendet. Melden Sie sich an, um fortzufahren.
invite-link_expired = Diese Einladung ist abgelaufen. Bitten Sie die einladende Person um eine neue.
invite-link_revoked = Diese Einladung wurde zurückgezogen. Bitten Sie die Organisation um eine neue, wenn Sie Zugang brauchen.
invite-accept_title = Einladung
invite-accept_heading = { $org } auf knxdesk beitreten
invite-accept_body = { $inviter } hat Sie als { $role } eingeladen.
invite-signed_in_as = Sie sind als { $email } angemeldet; Sie treten mit diesem Konto bei.
invite-accept = Einladung annehmen
invite-sign_in_first = Für { $email } gibt es bereits ein Konto. Melden Sie sich an, um die Einladung anzunehmen.
invite-create_and_join = Konto erstellen und beitreten
invite-joined = Willkommen bei { $org }!
invite-account_exists = Für diese E-Mail gibt es bereits ein Konto. Melden Sie sich an, um die Einladung anzunehmen.
invite-state-not_invited = nicht eingeladen
invite-state-pending = ausstehend
invite-state-accepted = angenommen
invite-state-expired = abgelaufen
invite-state-revoked = zurückgezogen

## role
role-administrator = Administrator
role-moderator = Moderator
role-member = Mitglied
role-owner = Kunde (Eigentümer)
role-customer_administrator = Kunden-Administrator
role-customer_moderator = Kunden-Moderator
role-customer_member = Kunden-Mitglied

## role_help
role_help-administrator = Alles: Projekte, Kunden und ihre Einladungen, Mitglieder, Einstellungen der Organisation.
role_help-moderator = Projekte, ETS-Dateien und Kunden, auch Kunden löschen und ihre Einladungen verwalten; keine Mitglieder oder Einstellungen.
role_help-member = Projekte, ETS-Dateien und Kundendaten (anlegen und bearbeiten); kann Kunden weder löschen noch einladen.
role_help-owner = Sieht die eigenen verknüpften Projekte nur lesend und lädt ETS-Dateien herunter.
role_help-customer_administrator = Sieht die Projekte des Unternehmens und verwaltet dessen eigene Benutzer.
role_help-customer_moderator = Sieht die Projekte des Unternehmens und darf den Status seiner Servicefälle ändern.
role_help-customer_member = Sieht die Projekte des Unternehmens, eröffnet und kommentiert Servicefälle.

## settings
settings-time_zone = Zeitzone
settings-time_zone_hint = Zeiten werden in dieser Zone angezeigt.
settings-time_zone_inherit = Wie die Organisation ({ $zone })
settings-org_time_zone = Zeitzone
settings-org_time_zone_hint = Zeiten für Ihr Team und Ihre Kunden, sofern niemand im eigenen Profil eine andere wählt.
settings-contact = Kontakt für Ihre Kunden
settings-contact_hint = Wird Ihren Kunden auf jeder Seite ihres Portals gezeigt, damit sie Sie erreichen.
settings-website = Website
settings-logo = Logo
settings-no_logo = Noch kein Logo. Ihre Kunden sehen es in ihrem Portal.
settings-logo_file = Bilddatei
settings-logo_hint = PNG, JPEG oder WebP, höchstens 1 MB.
settings-logo_upload = Logo hochladen
settings-logo_remove = Logo entfernen
settings-logo_confirm_remove = Das Logo entfernen? Ihre Kunden sehen dann nur Ihren Namen.
settings-logo_saved = Das Logo ist gespeichert.
settings-logo_removed = Das Logo ist entfernt.
settings-logo_missing = Wählen Sie zuerst eine Bilddatei.
settings-logo_too_large = Das Logo ist größer als 1 MB. Verkleinern Sie es und laden Sie es erneut hoch.
settings-logo_invalid = Diese Datei ist kein PNG-, JPEG- oder WebP-Bild.
settings-profile = Profil
settings-security = Sicherheit
settings-organisation = Organisation
settings-language = Sprache
settings-saved = Gespeichert.
settings-change_password = Passwort ändern
settings-current_password = Aktuelles Passwort
settings-sessions = Sitzungen
settings-sessions_count = Sie sind auf { $count ->
        [one] einem Gerät oder Browser
       *[other] { $count } Geräten oder Browsern
    } angemeldet.
settings-confirm_signout_all = Auf allen Geräten abmelden, auch auf diesem?
settings-signout_all = Überall abmelden
settings-password_changed = Passwort geändert. Ihre anderen Sitzungen wurden beendet.
settings-signed_out_everywhere = Sie wurden auf allen Geräten abgemeldet.
settings-org_language = Standardsprache
settings-org_language_hint = Für E-Mails an Personen, die noch keine Sprache gewählt haben, etwa Einladungen.

## dashboard
dashboard-your_cases = Ihre offenen Fälle
dashboard-report_problem = Problem melden
dashboard-all_cases = Alle Ihre Fälle
dashboard-getting_started = Erste Schritte
dashboard-getting_started_hint = Ein paar Schritte bis zur fertigen Organisation; diese Liste verschwindet, sobald sie erledigt sind.
dashboard-step_org = Organisation anlegen
dashboard-step_customer = Ersten Kunden anlegen
dashboard-step_project = Ein Projekt anlegen
dashboard-step_ets = Eine ETS-Projektdatei hochladen
dashboard-step_team = Eine Kollegin oder einen Kollegen einladen
dashboard-step_contact = Kontakt und Logo für das Kundenportal eintragen
dashboard-step_done = erledigt
dashboard-portal_title = Ihr Gebäudeportal
dashboard-portal_intro = { $org } teilt die Projekte von { $customer } mit Ihnen: Räume, Geräte, Gruppenadressen und ETS-Dateien, nur lesend.
dashboard-your_projects = Ihre Projekte
dashboard-all_projects = Alle Ihre Projekte
dashboard-title = Übersicht
dashboard-projects = Projekte
dashboard-customers = Kunden
dashboard-members = Teammitglieder
dashboard-open_cases = Offene Fälle
dashboard-activity = Letzte Aktivitäten
dashboard-no_activity = Noch ist nichts passiert. Laden Sie Ihr Team ein, um loszulegen.

## activity
activity-case_created = { $actor } hat den Fall { $subject } angelegt
activity-case_updated = { $actor } hat den Fall { $subject } geändert
activity-case_status_changed = { $actor } hat den Fall { $subject } verschoben
activity-case_commented = { $actor } hat den Fall { $subject } kommentiert
activity-case_noted = { $actor } hat dem Fall { $subject } eine interne Notiz hinzugefügt
activity-customer_access_removed = { $actor } hat den Portalzugang von { $subject } entfernt
activity-customer_invited = { $actor } hat den Kunden { $subject } zum Portal eingeladen
activity-customer_invitation_resent = { $actor } hat die Portaleinladung von { $subject } erneut gesendet
activity-customer_invitation_revoked = { $actor } hat die Portaleinladung von { $subject } widerrufen
activity-customer_joined = { $actor } ist dem Kundenportal beigetreten ({ $subject })
activity-ets_uploaded = { $actor } hat { $subject } hochgeladen
activity-customer_created = { $actor } hat den Kunden { $subject } hinzugefügt
activity-customer_updated = { $actor } hat den Kunden { $subject } geändert
activity-customer_deleted = { $actor } hat den Kunden { $subject } gelöscht
activity-project_created = { $actor } hat das Projekt { $subject } angelegt
activity-project_updated = { $actor } hat das Projekt { $subject } geändert
activity-project_status_changed = { $actor } hat den Status geändert: { $subject }
activity-project_customer_linked = { $actor } hat einen Kunden verknüpft: { $subject }
activity-project_customer_unlinked = { $actor } hat den Kunden gelöst: { $subject }
activity-org_created = { $actor } hat die Organisation { $subject } angelegt
activity-member_role_changed = { $actor } hat eine Rolle geändert: { $subject }
activity-member_removed = { $actor } hat { $subject } entfernt
activity-owner_changed = { $actor } hat die Eigentümerschaft an { $subject } übergeben
activity-member_invited = { $actor } hat { $subject } eingeladen
activity-invitation_resent = { $actor } hat die Einladung an { $subject } erneut gesendet
activity-invitation_revoked = { $actor } hat die Einladung an { $subject } zurückgezogen
activity-member_joined = { $actor } ist beigetreten ({ $subject })
activity-org_settings_changed = { $actor } hat die Einstellungen der Organisation geändert

## mail
mail-unsubscribe = Diese E-Mails abbestellen
mail-case_notification-subject = [{ $org }] { $case }
mail-case_notification-heading = { $what }
mail-case_notification-body = { $detail }
mail-case_notification-button = Fall öffnen
mail-project_notification-subject = [{ $org }] { $project }
mail-project_notification-heading = { $what }
mail-project_notification-body = { $detail }
mail-project_notification-button = Geräte öffnen
mail-footer = Sie erhalten diese E-Mail wegen einer Aktion auf knxdesk. Wenn Sie das nicht waren, können Sie sie ignorieren.
mail-account_exists-subject = Sie haben bereits ein knxdesk-Konto
mail-account_exists-heading = Sie haben bereits ein Konto
mail-account_exists-body =
    Jemand (vermutlich Sie) wollte sich mit dieser Adresse registrieren, aber es gibt bereits ein Konto.

    Wenn Sie Ihr Passwort vergessen haben, können Sie es auf der Anmeldeseite zurücksetzen.
mail-account_exists-button = Anmelden
mail-confirm_signup-subject = Bestätigen Sie Ihr knxdesk-Konto
mail-confirm_signup-heading = Willkommen, { $name }
mail-confirm_signup-body = Bitte bestätigen Sie Ihre E-Mail-Adresse, um Ihr Konto fertig anzulegen. Der Link ist 24 Stunden gültig.
mail-confirm_signup-button = E-Mail bestätigen
mail-password_reset-subject = knxdesk-Passwort zurücksetzen
mail-password_reset-heading = Passwort zurücksetzen
mail-password_reset-body =
    Hallo { $name },

    über den folgenden Link wählen Sie ein neues Passwort. Er ist eine Stunde gültig und einmal verwendbar.
mail-password_reset-button = Neues Passwort wählen
mail-customer_invitation-subject = { $org } lädt Sie in Ihr Kundenportal ein
mail-customer_invitation-heading = Ihre Projekte bei { $org }
mail-customer_invitation-body =
    { $inviter } von { $org } hat Sie in das Kundenportal von { $customer } auf knxdesk eingeladen: Sie sehen Räume, Geräte und Gruppenadressen Ihres Gebäudes und können seine ETS-Dateien herunterladen.

    Der Link ist einmal verwendbar und läuft nach 7 Tagen ab.
mail-customer_invitation-button = Zugang einrichten
mail-staff_invitation-subject = { $inviter } hat Sie zu { $org } auf knxdesk eingeladen
mail-staff_invitation-heading = { $org } beitreten
mail-staff_invitation-body =
    { $inviter } hat Sie eingeladen, { $org } auf knxdesk als { $role } beizutreten.

    Der Link ist einmal verwendbar und 7 Tage gültig.
mail-staff_invitation-button = Einladung annehmen

## customers
customers-title = Kunden
customers-add = Kunde hinzufügen
customers-new = Neuer Kunde
customers-edit = Kunde bearbeiten
customers-search = Name, Firma, E-Mail, Telefon suchen
customers-empty = Noch keine Kunden. Legen Sie die Gebäudeeigentümer an, für die Sie arbeiten; mit einer E-Mail können Sie sie später ins Portal einladen.
customers-no_match = Kein Kunde passt zu „{ $q }“.
customers-company = Firma
customers-projects = Projekte
customers-projects_of = Projekte von { $name }
customers-invite = Einladung
customers-kind = Art
customers-person = Person
customers-company_kind = Firma
customers-address = Adresse
customers-name_hint = Meist „Vorname Nachname“ oder der Firmenname.
customers-email_hint = Optional. Nötig, um den Kunden ins Portal einzuladen.
customers-created = Kunde { $name } hinzugefügt.
customers-updated = Kunde { $name } gespeichert.
customers-deleted = Kunde { $name } gelöscht.
customers-has_projects = { $name } hat noch { $count ->
        [one] ein verknüpftes Projekt: lösen Sie zuerst die Verknüpfung.
       *[other] { $count } verknüpfte Projekte: lösen Sie zuerst die Verknüpfungen.
    }
customers-confirm_delete = Den Kunden { $name } löschen? Seine Portal-Benutzer verlieren den Zugriff auf diese Organisation; ihre Konten bleiben bestehen.

## projects
projects-portal_empty = Noch kein Projekt ist für Sie freigegeben. Ihr Integrator verknüpft Ihre Projekte mit Ihnen.
projects-title = Projekte
projects-new = Neues Projekt
projects-edit = Projekt bearbeiten
projects-search = Name, Gebäude, Beschreibung suchen
projects-empty = Noch keine Projekte. Legen Sie für jede KNX-Anlage eines an.
projects-no_match = Kein Projekt passt zu Ihrer Suche.
projects-all = Alle Projekte zeigen
projects-of_customer = Projekte von { $name }
projects-customer = Kunde
projects-no_customer = — Kein Kunde —
projects-bad_customer = Wählen Sie einen Kunden dieser Organisation.
projects-building = Gebäude
projects-building_address = Adresse des Gebäudes
projects-description = Beschreibung
projects-no_description = Noch keine Beschreibung.
projects-status_label = Status
projects-any_status = Jeder Status
projects-change_status = Status ändern
projects-bad_status = Wählen Sie aktiv, abgeschlossen oder archiviert.
projects-status_changed = Status geändert.
projects-updated = Letzte Änderung
projects-created = Projekt { $name } angelegt.
projects-activity = Aktivitäten
projects-open_customer = Kunde öffnen
projects-unlink = Kunde lösen
projects-confirm_unlink = { $name } von diesem Projekt lösen? Seine Portal-Benutzer verlieren den Zugriff darauf.
projects-confirm_link = { $name } mit diesem Projekt verknüpfen? Die Portal-Benutzer sehen es dann, nur lesend, mit seinen ETS-Dateien.
projects-confirm_relink = { $name } statt { $current } verknüpfen? Die Portal-Benutzer von { $current } verlieren den Zugriff auf dieses Projekt; die von { $name } sehen es.
projects-no_customer_yet = Mit diesem Projekt ist kein Kunde verknüpft.
projects-find_customer = Kunden suchen
projects-no_customers_found = Kein Kunde gefunden.
projects-link = Verknüpfen
projects-customer_linked = { $name } ist jetzt der Kunde dieses Projekts.
projects-customer_unlinked = { $name } wurde gelöst.
projects-overview = Übersicht
projects-rooms_devices = Räume & Geräte
projects-sections = Projektbereiche
projects-status-active = Aktiv
projects-status-completed = Abgeschlossen
projects-status-archived = Archiviert

## ets
ets-upload_failed = Das Hochladen wurde unterbrochen (Verbindung abgebrochen oder vom Server abgelehnt). Es wurde nichts gespeichert; versuchen Sie es erneut.
ets-error-not_a_zip = Diese Datei ist kein ZIP-Archiv. Eine von ETS exportierte .knxproj ist eines: exportieren Sie das Projekt erneut.
ets-error-corrupt = Die Datei ist beschädigt oder wurde beim Hochladen abgeschnitten. Exportieren Sie sie erneut und laden Sie die neue Datei hoch.
ets-error-unsafe_entry = Die Datei enthält unsichere Eintragsnamen und wurde nicht gelesen.
ets-error-too_large = Die Datei entpackt sich zu weit mehr als ein ETS-Projekt und wurde nicht gelesen (möglicherweise eine ZIP-Bombe).
ets-error-project_not_found = In der Datei wurde kein ETS-Projekt gefunden. Exportieren Sie das Projekt aus ETS (Projekt › Exportieren).
ets-error-password_required = Das Projekt ist passwortgeschützt. Geben Sie unten das Projektpasswort ein.
ets-error-wrong_password = Das Projektpasswort ist falsch. Geben Sie es unten erneut ein.
ets-error-unsupported_schema = Das Dateiformat dieser ETS-Version wird noch nicht unterstützt (ETS 4, 5 und 6 schon).
ets-error-malformed_xml = Die Projektdaten in der Datei sind fehlerhaft. Exportieren Sie das Projekt erneut aus ETS.
ets-error-invalid_data = Das Projekt enthält Daten, die nicht gelesen werden konnten. Exportieren Sie es erneut aus ETS.
ets-error-io = Die gespeicherte Datei konnte nicht gelesen werden. Versuchen Sie das Hochladen erneut.
ets-error-output = Das Ergebnis konnte nicht gespeichert werden. Versuchen Sie das Hochladen erneut.
ets-error-unknown = Die Datei konnte nicht gelesen werden.
ets-error_detail = Technische Details
ets-ga_tree = Gruppenstruktur
ets-all_group_addresses = Alle Gruppenadressen
ets-whole_main_group = Die ganze Hauptgruppe
ets-all_devices = Alle Geräte
ets-diff_summary = Zusammenfassung der Änderungen
ets-title = ETS-Dateien
ets-file = ETS-Projektdatei (.knxproj)
ets-file_hint = ETS 4, 5 oder 6, bis { $mb } MB. Jeder Upload wird eine neue Version.
ets-comment = Kommentar
ets-password = Projektpasswort
ets-password_hint = Nur für passwortgeschützte Projekte. Wird verschlüsselt aufbewahrt, bis die Datei gelesen ist, dann gelöscht.
ets-upload = Hochladen
ets-uploading = Wird hochgeladen…
ets-none = Noch keine ETS-Datei. Laden Sie die .knxproj des Projekts hoch, um Geräte und Gruppenadressen zu sehen.
ets-version = Version
ets-size = Größe
ets-uploaded_by = Hochgeladen
ets-devices = Geräte
ets-group_addresses = Gruppenadressen
ets-versions = ETS-Versionen
ets-counts = { $devices } Geräte, { $gas } Gruppenadressen
ets-retry = Erneut lesen
ets-enter_password = Geben Sie das Projektpasswort ein.
ets-retrying = Die Datei wird mit dem neuen Passwort erneut gelesen.
ets-uploaded = Version v{ $version } ({ $name }) hochgeladen; sie wird gelesen.
ets-upload_broken = Der Upload wurde unterbrochen oder ist beschädigt. Bitte versuchen Sie es erneut.
ets-too_large = Die Datei ist größer als 200 MB und wurde nicht gespeichert.
ets-comment_public = Kommentar dem Kunden zeigen
ets-comment_shown = für den Kunden sichtbar
ets-comment_internal = intern
ets-no_file = Wählen Sie eine .knxproj-Datei zum Hochladen.
ets-not_knxproj = { $name } ist keine .knxproj-Datei. Exportieren Sie das Projekt aus ETS und laden Sie diese Datei hoch.
ets-not_zip = { $name } ist keine gültige .knxproj (kein ZIP-Archiv).
ets-comment_too_long = Der Kommentar darf höchstens 500 Zeichen haben.
ets-download_original = Originaldatei (Link 15 Minuten gültig)
ets-link_expired = Dieser Download-Link ist abgelaufen oder nicht für Sie gültig (Links gelten 15 Minuten, für die Person, die sie geöffnet hat).
ets-download_again = Erneut herunterladen
ets-not_ready = Diese Version wurde noch nicht gelesen.
ets-search_gas = Adresse, Name, Beschreibung, DPT suchen
ets-search_devices = Adresse, Name, Produkt, Raum suchen
ets-no_model = Noch nichts hier: Laden Sie auf dem Übersichts-Tab eine ETS-Datei hoch.
ets-address = Adresse
ets-manufacturer = Hersteller
ets-product = Produkt
ets-order_number = Bestellnummer
ets-room = Raum
ets-building_structure = Gebäudestruktur
ets-device_count = { $count ->
        [one] 1 Gerät
       *[other] { $count } Geräte
    }
ets-objects = Kommunikationsobjekte
ets-no_objects = Keine verknüpften Kommunikationsobjekte.
ets-function = Funktion
ets-flags = Flags
ets-rooms = Räume
ets-diff_title = Änderungen von v{ $from } zu v{ $to }
ets-diff_none = Keine Änderungen.
ets-diff_added = neu
ets-diff_removed = entfernt
ets-diff_changed = geändert
ets-diff_from = Von
ets-diff_to = Zu
ets-diff_show = Versionen vergleichen
ets-diff_pick_two = Wählen Sie zwei verschiedene Versionen zum Vergleich.
ets-field-name = Name
ets-field-product = Produkt
ets-field-order_number = Bestellnummer
ets-field-manufacturer = Hersteller
ets-field-application = Applikationsprogramm
ets-field-description = Beschreibung
ets-field-dpt = Datenpunkttyp
ets-field-data_secure = Data Secure
ets-field-comment = Kommentar
ets-field-space_type = Typ
ets-field-usage = Nutzung
ets-field-number = Nummer
ets-field-devices = Geräte
ets-space-building = Gebäude
ets-space-building_part = Gebäudeteil
ets-space-floor = Etage
ets-space-room = Raum
ets-space-corridor = Flur
ets-space-stairway = Treppenhaus
ets-space-distribution_board = Verteiler
ets-space-area = Bereich
ets-space-segment = Segment
ets-space-cabinet = Schrank
ets-status-queued = wartet
ets-status-parsing = wird gelesen…
ets-status-ready = bereit
ets-status-failed = fehlgeschlagen

## portal
portal-your_integrator = Ihr Integrator
portal-no_contact = Ihr Integrator hat noch keine Kontaktdaten hinterlegt.

## audit
audit-title = Aktivitätsprotokoll
audit-export = Als CSV exportieren
audit-filters = Filter
audit-who = Wer
audit-anyone = Alle
audit-kind_label = Art
audit-any_kind = Jede Art
audit-kind-projects = Projekte und ETS-Dateien
audit-kind-service = Servicefälle
audit-kind-customers = Kunden und ihr Portal
audit-kind-team = Team und Einladungen
audit-kind-organisation = Organisation
audit-project = Projekt
audit-any_project = Jedes Projekt
audit-from = Von
audit-to = Bis
audit-apply = Anwenden
audit-reset = Zurücksetzen
audit-when = Wann
audit-what = Was
audit-empty = Nichts passt zu diesen Filtern.

## search
search-title = Suche
search-label = In dieser Organisation suchen
search-placeholder = Suchen…
search-type_to_search = Geben Sie einen Namen, eine Adresse wie 1/2/3 oder 1.1.5, ein Produkt oder eine E-Mail-Adresse ein.
search-nothing_found = Nichts passt zu „{ $query }“.
search-nothing_found_hint = Die Suche findet Wörter, die mit der Eingabe beginnen: „hub“ findet „Huber“.
search-projects = Projekte
search-customers = Kunden
search-devices = Geräte
search-group_addresses = Gruppenadressen
search-members = Mitglieder
search-cases = Servicefälle
search-show_all = Alle in der Liste zeigen
search-refine = Weitere Treffer: Ergänzen Sie ein Wort, um die Suche einzugrenzen.
search-all_results = Alle Ergebnisse
search-results_count = { $count ->
    [0] Keine Ergebnisse
    [one] 1 Ergebnis
   *[other] { $count } Ergebnisse
}

## service
service-title = Service
service-board = Board
service-list = Liste
service-new = Neuer Fall
service-search = Titel, Nummer oder Gerät
service-status_label = Status
service-status-open = Offen
service-status-in_progress = In Arbeit
service-status-resolved = Gelöst
service-status-closed = Geschlossen
service-status-active = Offen und in Arbeit
service-status-all = Alle Fälle
service-priority_label = Priorität
service-priority-low = Niedrig
service-priority-medium = Mittel
service-priority-high = Hoch
service-priority-critical = Kritisch
service-any_priority = Jede Priorität
service-assignee = Zuständig
service-anyone = Alle Zuständigen
service-assigned_to_me = Mir zugewiesen
service-unassigned = Nicht zugewiesen
service-project = Projekt
service-any_project = Jedes Projekt
service-customer = Kunde
service-due = Fällig am
service-any_due = Jedes Fälligkeitsdatum
service-has_due = Mit Fälligkeitsdatum
service-overdue = Überfällig
service-sort_label = Sortieren nach
service-sort-updated = Letzte Änderung
service-sort-created = Neueste
service-sort-number = Nummer
service-sort-priority = Priorität
service-sort-due = Fälligkeit
service-apply = Anwenden
service-clear_filters = Filter zurücksetzen
service-case = Fall
service-updated = Letzte Änderung
service-no_match = Keine Fälle passen zu diesen Filtern.
service-empty = Keine offenen Fälle. Wenn in einer Ihrer Anlagen etwas ausfällt, legen Sie hier einen Fall dafür an.
service-portal_empty = Sie haben keine offenen Fälle. Wenn in Ihrem Gebäude etwas nicht funktioniert, sagen Sie es uns hier.
service-project_empty = Keine offenen Fälle in diesem Projekt.
service-board_hint = Ziehen Sie eine Karte in eine andere Spalte oder nutzen Sie ihr Menü „Verschieben“.
service-move_to = Verschieben nach
service-move = Verschieben
service-show_all_n = Alle { $count } zeigen
service-column_empty = Keine Fälle.
service-no_projects = Es gibt noch kein Projekt, für das ein Fall angelegt werden kann.
service-continue = Weiter
service-other_project = anderes Projekt wählen
service-title_label = Titel
service-device = Gerät
service-no_device = Kein bestimmtes Gerät
service-description = Beschreibung
service-markdown_hint = Markdown geht: **fett**, Listen, Links.
service-open_case = Fall anlegen
service-confirm_prompt = Dieser Fall wurde gelöst. Funktioniert wieder alles? Bestätigen Sie, um ihn zu schließen, oder öffnen Sie ihn wieder, wenn das Problem noch besteht.
service-opened_by = Angelegt von { $name } am { $when }
service-no_description = Keine Beschreibung.
service-timeline = Verlauf
service-timeline_empty = Noch keine Kommentare oder Änderungen.
service-internal = Intern
service-edited = bearbeitet
service-comment = Kommentar
service-confirm_delete_comment = Diesen Kommentar löschen? Das lässt sich nicht rückgängig machen.
service-add_comment = Kommentar schreiben
service-comment_hint_staff = Öffentliche Kommentare sieht der Kunde, interne Notizen nur Ihr Team.
service-comment_hint_customer = Ihr Integrator wird über Ihren Kommentar informiert.
service-add_internal = Interne Notiz hinzufügen
service-add_public = Öffentlich kommentieren
service-send = Senden
service-details = Details
service-edit_case = Fall bearbeiten
service-move-reopen = Wieder öffnen
service-move-open = Zurück auf offen
service-move-in_progress = Arbeit beginnen
service-move-resolved = Als gelöst markieren
service-move-closed = Schließen
service-choose_project = Wählen Sie eines Ihrer Projekte.
service-bad_device = Wählen Sie ein Gerät dieses Projekts.
service-bad_priority = Wählen Sie eine Priorität aus der Liste.
service-bad_assignee = Wählen Sie jemanden aus Ihrem Team.
service-bad_due = Geben Sie ein Datum wie 2026-12-24 ein.
service-bad_status = Diesen Status gibt es nicht.
service-bad_move = Ein Fall kann nicht von „{ $from }“ nach „{ $to }“ wechseln.
service-changed_meanwhile = Jemand hat diesen Fall inzwischen geändert; sehen Sie ihn sich noch einmal an.
service-created = Fall #{ $number } angelegt.
service-nothing_changed = Nichts geändert.
service-saved = Fall gespeichert.
service-moved = Fall #{ $number } ist jetzt „{ $status }“.
service-comment_added = Kommentar hinzugefügt.
service-comment_refused = Der Kommentar wurde nicht gespeichert: { $reason }
service-comment_edited = Kommentar gespeichert.
service-comment_deleted = Kommentar gelöscht.
service-event-status = { $actor } hat den Status von { $old } auf { $new } geändert
service-event-priority = { $actor } hat die Priorität von { $old } auf { $new } geändert
service-event-title = { $actor } hat den Fall umbenannt (vorher „{ $old }“)
service-event-description = { $actor } hat die Beschreibung bearbeitet
service-event-assignee = { $actor } hat { $new } statt { $old } zugewiesen
service-event-assignee_set = { $actor } hat { $new } zugewiesen
service-event-assignee_cleared = { $actor } hat die Zuweisung an { $old } entfernt
service-event-due = { $actor } hat die Fälligkeit von { $old } auf { $new } verschoben
service-event-due_set = { $actor } hat die Fälligkeit auf { $new } gesetzt
service-event-due_cleared = { $actor } hat die Fälligkeit entfernt
service-event-device = { $actor } hat das Gerät von { $old } auf { $new } geändert
service-event-device_set = { $actor } hat das Gerät { $new } gesetzt
service-event-device_cleared = { $actor } hat das Gerät { $old } entfernt
service-templates = Vorlagen
service-templates_hint = Vorlagen gehören Ihrem Team: wiederkehrende Fälle mit ihren Schritten. Kunden sehen weder sie noch die Checklisten.
service-templates_empty = Noch keine Vorlagen. Legen Sie eine für Fälle an, die immer wieder vorkommen, etwa eine jährliche Wartung.
service-n_items = { $count ->
    [one] 1 Checklistenpunkt
   *[other] { $count } Checklistenpunkte
}
service-use_template = Neuer Fall
service-confirm_delete_template = Die Vorlage „{ $name }“ löschen? Fälle, die mit ihr angelegt wurden, behalten ihre Checklisten.
service-edit_template = Vorlage bearbeiten
service-new_template = Neue Vorlage
service-template_name = Name
service-checklist = Checkliste
service-checklist_hint = Ein Punkt pro Zeile, höchstens 50.
service-too_many_items = Höchstens { $max } Punkte.
service-template_saved = Vorlage „{ $name }“ gespeichert.
service-template_deleted = Vorlage „{ $name }“ gelöscht.
service-from_template = Aus einer Vorlage
service-no_template = Keine Vorlage
service-from_template_named = Ausgefüllt aus der Vorlage „{ $name }“.
service-tick = „{ $item }“ abhaken
service-untick = Haken bei „{ $item }“ entfernen
service-event-checked = { $actor } hat „{ $new }“ abgehakt
service-event-unchecked = { $actor } hat den Haken bei „{ $new }“ entfernt

## notifications
notifications-title = Benachrichtigungen
notifications-bell_unread = { $count ->
    [one] Benachrichtigungen: 1 ungelesen
   *[other] Benachrichtigungen: { $count } ungelesen
}
notifications-unread = Ungelesen
notifications-mark_all_read = Alle als gelesen markieren
notifications-all_read = Alle Benachrichtigungen sind als gelesen markiert.
notifications-empty = Nichts Neues. Hier erfahren Sie von den Fällen, die Sie betreffen.
notifications-settings = Benachrichtigungen
notifications-choose = Benachrichtigungseinstellungen
notifications-settings_hint = Wählen Sie, wovon Sie erfahren, in der App und per E-Mail. Alles ist an, bis Sie es abschalten.
notifications-event_label = Wenn
notifications-channel-in_app = In der App
notifications-channel-email = Per E-Mail
notifications-saved = Benachrichtigungen gespeichert.
notifications-event-case_created = Ein Fall wird angelegt
notifications-event-assigned = Mir wird ein Fall zugewiesen
notifications-event-status_changed = Der Status eines Falls ändert sich
notifications-event-public_comment = Jemand kommentiert einen Fall
notifications-event-internal_comment = Jemand aus dem Team schreibt eine interne Notiz
notifications-event-devices_changed = Die Geräte eines Projekts ändern sich
notifications-event-codes_changed = Die Service-Codes eines Projekts ändern sich
notifications-said-case_created = { $actor } hat { $case } angelegt
notifications-said-assigned = { $actor } hat Ihnen { $case } zugewiesen
notifications-said-status_changed = { $actor } hat den Status von { $case } geändert
notifications-said-public_comment = { $actor } hat { $case } kommentiert
notifications-said-internal_comment = { $actor } hat { $case } eine interne Notiz hinzugefügt
notifications-said-devices_changed = { $actor } hat die Geräte von { $case } geändert
notifications-said-codes_changed = { $actor } hat die Service-Codes von { $case } geändert
notifications-detail-version_imported = Version { $version } importiert: { $added } hinzugefügt, { $removed } entfernt, { $total ->
    [one] 1 Gerät
   *[other] { $total } Geräte
} insgesamt.
notifications-detail-equipment_added = { $name } wurde von Hand hinzugefügt.
notifications-detail-equipment_removed = { $name } wurde entfernt.
notifications-detail-codes_created = { $count ->
    [one] 1 Service-Code wurde erstellt.
   *[other] { $count } Service-Codes wurden erstellt.
}
notifications-detail-code_paired = Service-Code { $code } gehört jetzt zu { $device }.
notifications-detail-code_deactivated = Service-Code { $code } von { $device } wurde deaktiviert.
notifications-unsubscribe_title = E-Mail-Benachrichtigungen
notifications-unsubscribe_question = Keine E-Mails mehr für „{ $event }“? Sie können sie in den Einstellungen wieder einschalten.
notifications-unsubscribe_button = E-Mails abbestellen
notifications-unsubscribed = Sie erhalten keine E-Mails mehr für „{ $event }“.
service-watch = Beobachten
service-unwatch = Nicht mehr beobachten
service-watch_hint = Beobachter erfahren von jedem Kommentar und jeder Änderung.
service-watch_project = Neue Fälle beobachten
service-watch_project_hint = Von jedem Fall erfahren, der in diesem Projekt angelegt wird.
service-watching = Sie beobachten diesen Fall.
service-not_watching = Sie beobachten diesen Fall nicht mehr.
service-watching_project = Sie erfahren von jedem neuen Fall in diesem Projekt.
service-not_watching_project = Sie erfahren nicht mehr von neuen Fällen in diesem Projekt.
service-attach_files = Fotos oder Dateien anhängen
service-files = Dateien
service-files_hint = Fotos, PDFs oder Protokolle; bis zu 10 Dateien mit je 25 MB.
service-files_note = Notiz (optional)
service-attach_internal = Intern anhängen
service-attach_public = Auch für den Kunden anhängen
service-file_size_kb = { $size } KB
service-files_added = { $count ->
    [one] 1 Datei angehängt.
   *[other] { $count } Dateien angehängt.
}
service-file_too_large = { $name } ist größer als { $max } MB: nichts wurde angehängt.
service-file_empty = { $name } ist leer: nichts wurde angehängt.
service-too_many_files = Höchstens { $max } Dateien auf einmal: nichts wurde angehängt.
service-no_files = Wählen Sie mindestens eine Datei.
service-upload_broken = Das Hochladen brach ab. Versuchen Sie es noch einmal.
service-event-auto_closed = Nach { $new } Tagen ohne Antwort von selbst geschlossen
service-device_cases = Offene Servicefälle
service-new_on_device = Problem melden
service-device_no_cases = Keine offenen Fälle an diesem Gerät.
settings-service = Service
settings-new_case_recipients = Wer von jedem neuen Fall erfährt
settings-recipients-staff = Das ganze Team
settings-recipients-administrators = Nur Administratoren
settings-recipients-watchers = Nur wer das Projekt beobachtet
settings-new_case_hint = Wer ein Projekt beobachtet, erfährt in jedem Fall von dessen neuen Fällen.
settings-auto_close_days = Tage, bis ein gelöster Fall von selbst schließt
settings-auto_close_hint = Ein gelöster Fall wartet auf die Bestätigung des Kunden; 0 lässt ihn warten.
settings-days_range = Geben Sie eine Zahl von 0 bis { $max } ein.
settings-saved_service = Service-Einstellungen gespeichert.

## Servicecodes (D2, D3)
codes-title = Servicecode
codes-none = Dieses Gerät hat noch keinen Servicecode. Ein Code ist ein QR-Etikett für das Gerät: Wer es scannt, sieht das Gerät und wie Sie erreichbar sind.
codes-create = Servicecode anlegen
codes-create_all = Servicecodes für alle Geräte anlegen
codes-create_all_hint = Geräte mit Code behalten ihn.
codes-created = Servicecode { $code } angelegt.
codes-created_n = { $count ->
    [0] Jedes Gerät hat schon einen Servicecode.
    [one] 1 Servicecode angelegt.
   *[other] { $count } Servicecodes angelegt.
}
codes-exists = Dieses Gerät hat den Servicecode { $code }.
codes-deactivated = Servicecode { $code } deaktiviert: Sein Etikett öffnet jetzt eine Seite, die sagt, dass er nicht in Gebrauch ist.
codes-deactivate = Deaktivieren
codes-confirm_deactivate = Diesen Code deaktivieren? Sein gedrucktes Etikett funktioniert dann nicht mehr; ein neuer Code braucht ein neues Etikett.
codes-hint = Als QR-Code und als Text auf das Etikett gedruckt; die Adresse ändert sich nie.
codes-download_png = QR als PNG
codes-download_svg = QR als SVG
codes-qr_alt = QR-Code des Servicecodes { $code }
codes-public_title = Gerät
codes-unknown_title = Dieser Code ist nicht in Gebrauch
codes-unknown_text = Prüfen Sie den Code auf dem Etikett. Stimmt er, wurde der Code abgeschaltet: Bitte wenden Sie sich an die Firma, die das Gerät installiert hat.
codes-product = Produkt
codes-room = Raum
codes-installed_by = Installiert und betreut von
codes-open_cases = Bekannte Probleme in Bearbeitung
codes-no_open_cases = Für dieses Gerät sind keine offenen Probleme bekannt.
codes-contact = Ein Problem an { $org } melden
codes-call = { $phone } anrufen
codes-write = An { $email } schreiben
codes-no_contact = { $org } hat noch keine Kontaktdaten eingetragen.
activity-code_created = { $actor } hat den Servicecode von { $subject } angelegt
activity-codes_created = { $actor } hat Servicecodes für { $subject } angelegt
activity-code_deactivated = { $actor } hat den Servicecode { $subject } deaktiviert
codes-what_happened = Was ist nicht in Ordnung?
codes-what_happened_hint = Zum Beispiel: „Die Jalousie in der Küche fährt nicht mehr herunter.“
codes-your_name = Ihr Name
codes-your_email = Ihre E-Mail
codes-your_phone = Ihre Telefonnummer
codes-report_hint = { $org } erhält Ihre Meldung mit diesem Gerät und meldet sich, wenn Sie eine Nummer oder Adresse angeben.
codes-send_report = Meldung senden
codes-reported = { $number ->
    [0] Danke, Ihre Meldung wurde gesendet.
   *[other] Danke, Ihre Meldung wurde als Fall #{ $number } gesendet.
}
codes-too_many = Zu viele Meldungen von hier in kurzer Zeit. Bitte versuchen Sie es in einer Stunde wieder oder rufen Sie an.
codes-a_visitor = Jemand am Gerät
activity-case_reported = Jemand am Gerät hat den Fall { $subject } gemeldet
service-reported_by = Gemeldet von { $name } am Etikett des Geräts am { $when }
service-reported_at_device = Gemeldet am Etikett des Geräts am { $when }
service-call_back = Rückruf
codes-print = Etiketten drucken
codes-stock = Etiketten
codes-stock-a4_3x8 = A4-Bogen, 3 × 8 (70 × 37 mm)
codes-stock-a4_2x7 = A4-Bogen, 2 × 7 (99,1 × 38,1 mm)
codes-stock-tape_62 = Etikettendrucker, 62-mm-Band
codes-margin_top = Rand oben (mm)
codes-margin_left = Rand links (mm)
codes-margin_default = wie der Bogen
codes-download_labels = Etiketten herunterladen (PDF)
codes-no_labels = Noch keine Servicecodes zum Drucken: Legen Sie sie zuerst an.

## Die Geräte der Organisation (D1)
devices-title = Geräte
devices-filters = Geräte filtern
devices-search = Geräte suchen (Name, Adresse, Produkt)
devices-project = Projekt
devices-all_projects = Alle Projekte
devices-customer = Kunde
devices-all_customers = Alle Kunden
devices-code = Servicecode
devices-code_any = Mit oder ohne Code
devices-code_yes = Mit Servicecode
devices-code_no = Ohne Servicecode
devices-with_open_cases = Mit offenen Fällen
devices-clear = Filter zurücksetzen
devices-by_manufacturer = Geräte von { $name }
devices-no_match = Keine Geräte passen zu diesen Filtern.
devices-empty = Noch keine Geräte: Sie kommen aus den ETS-Dateien der Projekte.
devices-service = Service
devices-has_code = Code
devices-open_cases = { $count ->
    [one] 1 offener Fall
   *[other] { $count } offene Fälle
}
service-text_too_long = Ein Text ist länger als { $max } Zeichen: Es wurde nichts gesendet.
service-not_a_photo = { $name } ist kein Foto (PNG, JPEG, GIF oder WebP): Es wurde nichts gesendet.
service-report_photos = Mit der Meldung gesendete Fotos
codes-photos = Fotos (optional)
codes-photos_hint = Bis zu 5 Fotos mit je 25 MB, direkt aus der Kamera des Telefons.
codes-email_hint = Hinterlassen Sie Ihre E-Mail-Adresse, um einen privaten Link zu erhalten: Dort verfolgen Sie den Fall, antworten und bekommen eine E-Mail, wenn er sich ändert.
codes-reported_follow = Danke, Ihre Meldung wurde als Fall #{ $number } gesendet. Wir haben Ihnen eine E-Mail mit einem Link geschickt, unter dem Sie ihn verfolgen können.
codes-follow-title = Ihre Meldung
codes-follow-at_org = Ihre Meldung an { $org }
codes-follow-your_report = Was Sie gemeldet haben
codes-follow-what_happened = Was seitdem geschehen ist
codes-follow-nothing_yet = { $org } hat Ihre Meldung erhalten. Antworten und Änderungen erscheinen hier, und Sie bekommen zu jeder eine E-Mail.
codes-follow-reply = Antworten oder etwas ergänzen
codes-follow-reply_hint = { $org } sieht Ihre Antwort im Fall.
codes-follow-send_reply = Senden
codes-follow-closed = Dieser Fall ist abgeschlossen. Wenn das Problem wiederkommt, melden Sie es bitte erneut am Etikett des Geräts.
codes-follow-empty = Schreiben Sie etwas oder wählen Sie ein Foto.
codes-follow-photos_sent = { $count ->
    [one] Ein Foto gesendet.
   *[other] { $count } Fotos gesendet.
}
codes-follow-replied = Ihre Antwort wurde gesendet.
codes-follow-mails = E-Mails zu diesem Fall
codes-follow-mails_are_on = Sie bekommen zu jeder Antwort und jeder Statusänderung eine E-Mail.
codes-follow-mails_are_off = Sie bekommen keine E-Mails zu diesem Fall; diese Seite zeigt weiterhin alles.
codes-follow-stop_mails = E-Mails abbestellen
codes-follow-start_mails = Wieder E-Mails senden
codes-follow-mails_on = Sie bekommen wieder E-Mails zu diesem Fall.
codes-follow-mails_off = Keine E-Mails mehr zu diesem Fall. Diese Seite funktioniert weiterhin.
codes-follow-status_now = Der Status ist jetzt: { $status }
codes-follow-link_active = Die meldende Person verfolgt diesen Fall über einen privaten Link und bekommt öffentliche Kommentare und Statusänderungen an { $email }.
codes-follow-link_quiet = Die meldende Person verfolgt diesen Fall über einen privaten Link ({ $email }) und hat die E-Mails abbestellt.
codes-follow-link_revoked = Der private Link der meldenden Person wurde widerrufen.
codes-follow-revoke = Link der meldenden Person widerrufen
codes-follow-confirm_revoke = Den privaten Link der meldenden Person widerrufen? Die Seite funktioniert dann nicht mehr, und es gehen keine E-Mails mehr hinaus. Das lässt sich nicht rückgängig machen.
codes-follow-revoked = Der Link der meldenden Person wurde widerrufen.
activity-case_reporter_replied = Die meldende Person hat im Fall { $subject } geantwortet
activity-reporter_link_revoked = { $actor } hat den Link der meldenden Person im Fall { $subject } widerrufen
mail-report_received-subject = [{ $org }] Ihre Meldung { $case }
mail-report_received-heading = Danke für Ihre Meldung
mail-report_received-body =
    { $org } hat Ihre Meldung { $case } erhalten.

    Verfolgen Sie sie über den Link unten: Dort können Sie antworten und Fotos ergänzen, und Sie bekommen eine E-Mail, wenn jemand antwortet oder sich der Status ändert. Geben Sie den Link nicht weiter: Wer ihn hat, kann mitlesen und antworten.
mail-report_received-button = Meldung verfolgen
mail-report_update-subject = [{ $org }] { $case }
mail-report_update-heading = { $what }
mail-report_update-body =
    { $detail }

    Sie können auf der Seite Ihrer Meldung antworten und diese E-Mails dort abbestellen.
mail-report_update-button = Meldung öffnen
codes-page_title = Servicecodes
codes-count_paired = an Geräten
codes-count_unpaired = warten auf ein Gerät
codes-count_inactive = deaktiviert
codes-batch_title = Etiketten, bevor die Geräte bekannt sind
codes-batch_hint = Drucken Sie eine Rolle noch nicht zugeordneter Codes und kleben Sie sie bei der Installation auf; scannen Sie dann jeden angemeldet mit dem Telefon und ordnen Sie ihn seinem Gerät zu.
codes-batch_count = Anzahl Codes
codes-batch_create = Nicht zugeordnete Codes erstellen
codes-batch_count_invalid = Geben Sie eine Zahl von 1 bis { $max } ein.
codes-no_batches = Noch keine Serien.
codes-batch = Serie
codes-batch_created_at = Erstellt
codes-batch_total = Codes
codes-batch_created = { $count ->
    [one] Serie #{ $batch } mit 1 Code erstellt: Das Etikett laden Sie unten herunter.
   *[other] Serie #{ $batch } mit { $count } Codes erstellt: Die Etiketten laden Sie unten herunter.
}
codes-label_unpaired = Zum Zuordnen scannen
codes-pair_title = Etikett zuordnen
codes-pair_hint = Scannen Sie ein Etikett angemeldet mit dem Telefon, oder tippen Sie seinen Code hier ein.
codes-pair_code = Code auf dem Etikett
codes-pair_next = Weiter
codes-pair_now_at = Dieser Code gehört zum Gerät
codes-pair_move_hint = Ordnen Sie ihn einem anderen Gerät zu, zieht er dorthin um; die Adresse des Etiketts bleibt gleich.
codes-pair_unpaired = Dieser Code ist noch keinem Gerät zugeordnet. Wählen Sie das Gerät, auf dem sein Etikett klebt.
codes-pair_choose_project = Projekt wählen
codes-pair_show_devices = Geräte anzeigen
codes-pair_device = Gerät
codes-pair_choose_device = Gerät wählen
codes-pair_replaces = Hat das Gerät schon einen Code, wird dieser deaktiviert: Ein Gerät hat ein Etikett.
codes-pair_submit = Zuordnen
codes-pair_unknown = Keiner Ihrer Servicecodes hat diesen Wert. Prüfen Sie den Code auf dem Etikett.
codes-paired = Servicecode { $code } diesem Gerät zugeordnet.
codes-paired_replacing = Servicecode { $code } diesem Gerät zugeordnet; sein bisheriger Code { $old } ist deaktiviert.
codes-inactive_scanned = Servicecode { $code } ist deaktiviert: Für alle anderen öffnet sein Etikett die Seite „nicht in Gebrauch“.
codes-move = Anderem Gerät zuordnen
codes-pair_printed = Stattdessen ein gedrucktes Etikett zuordnen
activity-code_batch_created = { $actor } hat die Serie von Servicecodes { $subject } erstellt
activity-code_paired = { $actor } hat den Servicecode { $subject } zugeordnet
common-language = Sprache
codes-pin = PIN
codes-pin_prompt = Servicetechniker? PIN eingeben
codes-pin_enter = Details anzeigen
codes-pin_wrong = Das ist nicht die PIN dieses Etiketts.
codes-pin_too_many = Zu viele Versuche. Bitte warten Sie eine Viertelstunde oder fragen Sie die Firma, die das Gerät installiert hat.
codes-pin_accepted = PIN angenommen: Die Details des Geräts werden in diesem Browser acht Stunden lang angezeigt.
codes-pro_title = Für Servicetechniker
codes-address = Physikalische Adresse
codes-order_number = Bestellnummer
codes-description = Beschreibung
codes-pro_cases = Fälle an diesem Gerät
codes-pro_no_cases = Noch keine Fälle an diesem Gerät.
codes-pin_add = Details mit einer PIN schützen
codes-pin_protected = Mit PIN geschützt
codes-pin_hint = Techniker, die auf der Seite des Etiketts die PIN eingeben, sehen Bestellnummer, Kommunikationsobjekte mit Gruppenadressen und die Fälle des Geräts. Alle anderen sehen weiterhin die öffentliche Seite.
codes-pin_new = Neue PIN (4 bis 8 Ziffern)
codes-pin_save = PIN speichern
codes-pin_remove = PIN entfernen
codes-pin_set = Die PIN von Servicecode { $code } ist gesetzt. Frühere Eingaben einer anderen PIN gelten nicht mehr.
codes-pin_removed = Servicecode { $code } hat keine PIN.
codes-pin_invalid = Eine PIN hat 4 bis 8 Ziffern.
ets-kept_title = Entfernte Geräte mit Fällen oder Servicecode
ets-kept_hint = Diese Geräte sind nicht mehr im ETS-Projekt. Sie bleiben mit ihren Fällen erhalten; die Etiketten ihrer Codes öffnen die Seite „nicht in Gebrauch“, bis Sie sie einem anderen Gerät zuordnen.
ets-removed_in = entfernt in v{ $version }
equipment-title = Weitere Geräte
equipment-none = Geräte, die nicht im ETS-Projekt sind (eine Wärmepumpe, ein Gateway, ein Visualisierungsserver), können Sie hier hinzufügen, mit eigenem Servicecode und eigenen Fällen.
equipment-add = Gerät hinzufügen
equipment-new_title = Gerät hinzufügen
equipment-edit_title = Gerät ändern
equipment-hint = Für Geräte, die nicht im ETS-Projekt sind. ETS-Importe lassen sie unverändert.
equipment-model = Modell
equipment-serial_number = Seriennummer
equipment-notes = Notizen
equipment-notes_hint = Zugang, Einstellungen, Wartungsintervalle: was der nächste Techniker wissen muss. Markdown funktioniert.
equipment-room_hint = Ein Raum des Gebäudes oder ein beliebiger Ort („Heizungsraum“, „Dach“).
equipment-badge = manuell hinzugefügt
equipment-added = { $name } hinzugefügt.
equipment-saved = { $name } gespeichert.
equipment-deleted = { $name } gelöscht. Sein Servicecode, falls vorhanden, ist nicht mehr zugeordnet und kann an ein anderes Gerät.
equipment-confirm_delete = { $name } löschen? Seine Fotos werden gelöscht; sein Servicecode wird frei.
equipment-has_cases = { $count ->
    [one] { $name } hat einen Servicefall: Es bleibt mit seiner Geschichte erhalten.
   *[other] { $name } hat { $count } Servicefälle: Es bleibt mit ihrer Geschichte erhalten.
}
devices-photos = Fotos
devices-no_photos = Noch keine Fotos. Ein Foto des Typenschilds oder des Schaltschranks erspart dem nächsten Techniker einen Weg.
devices-add_photos = Fotos hinzufügen
devices-upload_photos = Hochladen
devices-photos_added = { $count ->
    [one] Foto hinzugefügt.
   *[other] { $count } Fotos hinzugefügt.
}
devices-photo_deleted = Foto gelöscht.
devices-confirm_delete_photo = Dieses Foto löschen?
activity-equipment_added = { $actor } hat das Gerät { $subject } hinzugefügt
activity-equipment_changed = { $actor } hat das Gerät { $subject } geändert
activity-equipment_deleted = { $actor } hat das Gerät { $subject } gelöscht
activity-device_photos_added = { $actor } hat Fotos eines Geräts hinzugefügt ({ $subject })
company-title = Benutzer des Unternehmens
company-back = Zurück zum Kunden
company-add = Einladung hinzufügen
company-add_hint = Jede Person des Unternehmens bekommt einen eigenen Zugang, mit einer Rolle bei diesem Kunden und in ihrer Sprache. Sie sieht nur die Projekte, Geräte und Servicefälle dieses Unternehmens.
company-first_name = Vorname
company-last_name = Nachname
company-language = Sprache
company-language_hint = Die Einladung und alle späteren E-Mails sind in dieser Sprache.
company-role = Rolle
company-create = Erstellen
company-invitations = Einladungen
company-no_invitations = Noch niemand dieses Unternehmens ist eingeladen.
company-state = Status
company-resend = Erneut senden
company-confirm_delete = Die Einladung von { $name } löschen? Der Link funktioniert dann nicht mehr.
company-confirm_delete_access = Die Einladung von { $name } löschen? Der Zugang zu den Projekten dieses Unternehmens endet sofort; das Konto bleibt bestehen.
company-users = Benutzer dieses Unternehmens
company-users_hint = Alle dieses Unternehmens, die sich anmelden können, auch die, die seine Administratoren selbst angelegt haben.
company-no_users = Noch niemand dieses Unternehmens ist beigetreten.
company-email_taken = Diese Adresse gehört schon jemandem in Ihrer Organisation: Ein Konto hat hier eine Rolle.
company-already_invited = Für diese Adresse gibt es schon eine offene Einladung: Senden Sie sie erneut.
company-invited = Einladung an { $email } gesendet.
company-already_joined = { $email } ist bereits beigetreten.
company-resent = Eine neue Einladung wurde an { $email } gesendet; der vorherige Link funktioniert nicht mehr.
company-deleted = Die Einladung von { $email } ist gelöscht.
company-deleted_access = Die Einladung von { $email } ist gelöscht, und mit ihr der Zugang.
company-module = Kunden-Login
company-on = an
company-off = aus
company-switch_on = Einschalten
company-switch_off = Ausschalten
company-module_on = Das Modul Kunden-Login ist für diese Organisation eingeschaltet.
company-module_off = Das Modul Kunden-Login ist für diese Organisation ausgeschaltet.
activity-company_user_invited = { $actor } hat { $subject } eingeladen
activity-company_invitation_deleted = { $actor } hat die Einladung von { $subject } gelöscht
mail-company_invitation-subject = { $inviter } lädt Sie zu { $customer } bei { $org } ein
mail-company_invitation-heading = Hallo { $name }
mail-company_invitation-body =
    { $inviter } von { $org } lädt Sie ein, die Gebäude von { $customer } zu verfolgen: Projekte, Geräte und Servicefälle, als { $role }.

    Der Link ist 7 Tage gültig und kann einmal verwendet werden.
mail-company_invitation-button = Einladung annehmen
nav-company_users = Benutzer
company-users_title = Unsere Benutzer
company-you = Sie
company-remove = Entfernen
company-confirm_remove = { $name } entfernen? Die Anmeldung zu den Projekten dieses Unternehmens endet; das Konto bleibt bestehen.
company-add_user = Benutzer hinzufügen
company-add_user_hint = Die Person bekommt eine E-Mail: mit einem Link, um ihr Passwort zu setzen, oder, wenn sie schon ein Konto hat, den Hinweis, dass sie hinzugefügt wurde.
company-add_user_submit = Hinzufügen
company-user_added = { $email } hinzugefügt.
company-user_removed = { $name } entfernt.
company-role_changed = { $name } ist jetzt { $role }.
company-bad_role = Wählen Sie eine der angezeigten Rollen.
activity-company_user_added = { $actor } hat den Benutzer { $subject } hinzugefügt
activity-company_user_role_changed = { $actor } hat die Rolle von { $subject } geändert
activity-company_user_removed = { $actor } hat den Benutzer { $subject } entfernt
mail-company_user_created-subject = { $by } hat Sie zu { $customer } bei { $org } hinzugefügt
mail-company_user_created-heading = Hallo { $name }
mail-company_user_created-body =
    { $by } hat Sie zu { $customer } bei { $org } hinzugefügt, als { $role }: Sie sehen die Projekte, Geräte und Servicefälle.

    Setzen Sie Ihr Passwort über den Link unten; er ist 7 Tage gültig.
mail-company_user_created-button = Passwort setzen
mail-company_user_added-subject = { $by } hat Sie zu { $customer } bei { $org } hinzugefügt
mail-company_user_added-heading = Hallo { $name }
mail-company_user_added-body = { $by } hat Sie zu { $customer } bei { $org } hinzugefügt, als { $role }. Melden Sie sich mit Ihrem Konto an, um Projekte, Geräte und Servicefälle zu sehen.
mail-company_user_added-button = { $org } öffnen
company-promote_title = Eine eigene Organisation
company-promote_hint = Das Unternehmen bekommt eine eigene Organisation mit seinem Namen: Seine Benutzer werden deren Mitglieder mit entsprechenden Rollen (Administrator, Moderator, Mitglied). Ihr Kundendatensatz, seine Projekte und Ihr Portal für seine Benutzer bleiben, wie sie sind.
company-asked_on = Der Administrator des Unternehmens hat das am { $when } erbeten.
company-promote = Zur Organisation machen
company-confirm_promote = { $name } zu einer eigenen Organisation machen? Seine Benutzer werden deren Mitglieder; Ihre Daten bleiben.
company-is_promoted = Dieses Unternehmen hat eine eigene Organisation. Ihr Kundendatensatz, seine Projekte und der Zugang seiner Benutzer hier bleiben, wie sie sind.
company-promoted = { $count ->
    [one] { $name } ist jetzt eine eigene Organisation, mit 1 Mitglied.
   *[other] { $name } ist jetzt eine eigene Organisation, mit { $count } Mitgliedern.
}
company-already_promoted = Dieses Unternehmen hat schon eine eigene Organisation.
company-promotion_needs_admin = Das Unternehmen braucht zuerst einen eigenen Administrator: Er wird Eigentümer der neuen Organisation.
company-own_title = Eine eigene Organisation
company-own_hint = Führen Sie Ihre Gebäude in einer eigenen Organisation: Fragen Sie Ihren Integrator, der Ihre Projekte hier und Ihren Zugang dazu behält.
company-own_ask = Anfragen
company-own_confirm = Ihren Integrator bitten, Ihr Unternehmen zu einer eigenen Organisation zu machen?
company-own_asked = Sie haben Ihren Integrator gefragt; die Antwort erscheint hier.
company-own_done = Ihr Unternehmen hat eine eigene Organisation: Sie finden sie im Organisationswechsler.
company-promotion_requested = Ihr Integrator hat Ihre Anfrage erhalten.
activity-company_promotion_requested = { $actor } hat erbeten, dass das Unternehmen eine eigene Organisation wird ({ $subject })
activity-company_promoted = { $actor } hat { $subject } zu einer eigenen Organisation gemacht
codes-pair_inactive = Servicecode { $code } ist deaktiviert und bleibt es (sein Etikett könnte verloren sein): Erstellen Sie einen neuen Code für das Gerät.
nav-kpis = Kennzahlen
dashboard_kpi-title = Service-Kennzahlen
dashboard_kpi-whole_org = Alle Kunden
dashboard_kpi-last_12 = die letzten 12 Monate
dashboard_kpi-csv = Als CSV herunterladen
dashboard_kpi-open = Offene Fälle
dashboard_kpi-first_response = Median bis zur ersten Antwort
dashboard_kpi-resolution = Median bis zur Lösung
dashboard_kpi-per_month = Eröffnete und gelöste Fälle pro Monat
dashboard_kpi-opened = Eröffnet
dashboard_kpi-resolved = Gelöst
dashboard_kpi-month = Monat
dashboard_kpi-numbers = Die Zahlen
dashboard_kpi-by_priority = Offene Fälle nach Priorität
dashboard_kpi-top_devices = Geräte mit den meisten Fällen
dashboard_kpi-no_devices = In diesen Monaten keine Fälle an Geräten.
dashboard_kpi-hours = { $count } Std.
dashboard_kpi-days = { $count } Tage
dashboard_kpi-first_response_h = Median bis zur ersten Antwort (Stunden)
dashboard_kpi-resolution_h = Median bis zur Lösung (Stunden)
dashboard_kpi-scans = Scans
dashboard_kpi-scans_per_month = Gescannte Service-Codes pro Monat
dashboard_kpi-no_scans = In diesen Monaten wurde kein Service-Code gescannt.
