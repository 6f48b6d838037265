# knxdesk, English. Message ids are the keys the code uses with '.' written as '-'
# (`ets.field.name` is `ets-field-name`); variables are `{ $name }`.

## nav
nav-skip = Skip to content
nav-main = Main navigation
nav-dashboard = Dashboard
nav-projects = Projects
nav-devices = Devices
nav-customers = Customers
nav-service = Service
nav-settings = Settings
nav-instance_admin = Instance administration
nav-close_menu = Close menu
nav-activity = Activity
nav-menu = Menu
nav-account_menu = Account menu
nav-organisations = Organisations
nav-new_org = New organisation…
nav-sign_out = Sign out

## common
common-close = Close
common-email = Email
common-password = Password
common-name = Name
common-phone = Phone
common-back = Back
common-save = Save
common-cancel = Cancel
common-ok = OK
common-confirm = Confirm
common-confirm_title = Are you sure?
common-refuse_title = Not possible yet
common-search = Search
common-edit = Edit
common-delete = Delete
common-pages = Pages
common-previous = Previous
common-next = Next
common-page_of = Page { $page } of { $pages }
common-actions = Actions

## error
error-required = This field is required.
error-too_long = At most { $max } characters.
error-invalid_email = Enter a valid email address, like name@example.com.
error-password_short = Use at least { $min } characters.
error-password_mismatch = The passwords do not match.
error-wrong_password = The password is not correct.
error-invalid = This value is not valid.
error-taken = This is already taken.
error-title = Something is not right
error-home = Go to the start page
error-mail_throttled = Too many emails were requested from your network. Try again in { $minutes ->
        [one] one minute
       *[other] { $minutes } minutes
    }.
error-page-not_found = This page does not exist, or you have no access to it.
error-page-forbidden = Your role does not allow this. Ask an administrator of the organisation.
error-page-csrf = This form has expired. Go back, reload the page and try again.
error-page-internal = Something went wrong on our side. Nothing was changed; please try again in a moment.
error-page-busy = The server is busy right now. Nothing was changed; please try again in a moment.
error-page-link_invalid = This link is not valid. Use the newest link from your mail, or change your notifications in your settings.
error-page-too_large = This form is too large to be sent. Shorten what you entered and try again.

## signin
signin-title = Sign in
signin-submit = Sign in
signin-forgot = Forgot your password?
signin-no_account = Create an account
signin-wrong = The email or the password is not correct.
signin-throttled = Too many failed attempts. For your security, sign-in is paused; try again in { $minutes ->
        [one] one minute
       *[other] { $minutes } minutes
    } or reset your password.
signin-signed_out = You are signed out.

## signup
signup-title = Create your account
signup-submit = Create account
signup-have_account = Already have an account? Sign in
signup-password_hint = At least 12 characters. A short sentence is easy to remember and hard to guess.
signup-check_title = Check your email
signup-check_body = We sent a message to { $email }. Open the link in it to continue.
signup-check_hint = Nothing arrived after a few minutes? Check your spam folder, or sign up again.
signup-confirm_title = Confirm your email
signup-confirm_body = Create the account for { $email }?
signup-confirm_submit = Confirm and continue
signup-link_invalid = This link is not valid. Copy the whole link from the email, or sign up again.
signup-link_expired = This link has expired. Please sign up again.
signup-welcome = Welcome to knxdesk! Create your organisation to get started.
signup-already_exists = This email already has an account. Sign in.

## reset
reset-title = Reset your password
reset-intro = Enter the email of your account; we will send you a link to choose a new password.
reset-submit = Send link
reset-sent = If { $email } has an account, a link to reset the password is on its way. It is valid for one hour.
reset-new_title = Choose a new password
reset-new_password = New password
reset-save = Save password
reset-done = Your password was changed and all sessions were signed out. Sign in with the new password.
reset-link_invalid = This reset link is not valid. Ask for a new one.
reset-link_used = This reset link has already been used. Ask for a new one if you need it.
reset-link_expired = This reset link has expired. Ask for a new one.

## orgs
orgs-welcome = Welcome to knxdesk, { $name }
orgs-welcome_intro = knxdesk keeps your KNX installations: their ETS files, rooms, devices and group addresses, and the customers they belong to.
orgs-welcome_invited = Were you invited?
orgs-welcome_invited_text = Open the link in the invitation email while signed in with this address; it works for 7 days. If it has expired, ask the person who invited you to send a new one. You are not a member of any organisation yet.
orgs-welcome_integrator = Are you an integrator?
orgs-welcome_integrator_text = Create your company's organisation. You become its owner and can then add customers, projects and your team.
orgs-title = Organisations
orgs-yours = Your organisations
orgs-none = You have no access to an organisation (yet, or any more). Create one of your own, or ask the organisation that invited you.
orgs-create = Create an organisation
orgs-create_hint = Your company as your customers know it. You become its owner and administrator.
orgs-name = Organisation name
orgs-create_submit = Create organisation
orgs-created = Organisation { $name } created.

## admin
admin-title = Instance administration
admin-all_orgs = All organisations
admin-no_orgs = No organisations yet.
admin-owner = Owner
admin-members = Members
admin-created = Created

## members
members-title = Members
members-role = Role
members-joined = Joined
members-owner = Owner
members-you = You
members-make_owner = Make owner
members-confirm_owner = Hand ownership of this organisation to { $email }? You stay an administrator.
members-remove = Remove from organisation
members-confirm_remove = Remove { $email } from this organisation? Their account stays; they lose access at once.
members-confirm_role = Make { $email } { $role }? What they may do changes with their next click.
members-role_help = What each role may do
members-staff = Staff
members-portal_users = Portal users
members-portal_users_hint = Customers' logins: they see only the projects linked to their customer. Invite them from the customers list.
members-no_portal_users = No customer has portal access yet.
members-bad_role = Choose administrator, moderator or member.
members-not_staff = Customer users' roles are managed on the customer.
members-owner_stays_admin = The owner is always an administrator. Hand over ownership first.
members-last_admin = An organisation needs at least one administrator.
members-role_changed = Role of { $email } changed.
members-owner_cannot_leave = The owner cannot be removed. Hand over ownership first.
members-left = You left the organisation.
members-removed = { $email } was removed from the organisation.
members-owner_must_be_admin = Only an administrator can become the owner.
members-owner_changed = { $email } is now the owner.

## invite
invite-customer_email_taken = This address already belongs to someone in your organisation. A customer login needs an address of its own.
invite-remove_access = Remove portal access
invite-confirm_remove_access = Remove the portal access of { $name }? Their login leaves this organisation at once; the account itself stays. You can invite them again later.
invite-access_removed = { $name } no longer has portal access.
invite-no_access_to_remove = This customer has no portal access to remove.
invite-customer_title = Invite to the portal
invite-customer_heading = Invite to the portal:
invite-customer_hint = We email a sign-up link that expires in 7 days. The customer sees the projects linked to them, read-only, can download ETS files and exports, and nothing else.
invite-customer_send = Invite
invite-customer_button = Invite
invite-needs_email = Add an email to invite
invite-badge_label = Invitation of { $name }: { $state }. Show options
invite-sent_to = Sent to { $email }
invite-expires_at = Expires { $at }
invite-copy_link = Copy invitation link
invite-link_not_kept_short = The link can be copied only within 10 minutes of sending; we keep no copy after that. Resend to get a new link.
invite-link_not_kept = The invitation link is no longer available: we keep it only 10 minutes after sending, then erase it. Resend the invitation to get a new link.
invite-customer_has_access = { $name } has already accepted an invitation and has portal access.
invite-customer_sent = Invitation sent to { $email }. For the next 10 minutes you can also copy the link from the Pending badge.
invite-not_open = There is no open invitation to resend. Invite the customer again.
invite-not_pending = This invitation is no longer pending.
invite-copy_title = Invitation link
invite-copy_heading = Invitation link for { $name }
invite-link_label = Sign-up link (single use, valid 7 days)
invite-copy = Copy
invite-copied = Copied
invite-copy_until = Share it only with the customer. It can be shown here until { $until }; after that we erase it and nobody can recover it.
invite-back_to_customers = Back to customers
invite-portal_heading = Your projects at { $org }
invite-portal_body = { $org } invites you to the customer portal of { $customer }: see your building's rooms, devices and group addresses and download its ETS files, read-only.
invite-other_membership = This account already belongs to this organisation in another role. Sign in with another account (or sign up with the invited address) to accept the invitation.
invite-button = Invite member
invite-open = Open invitations
invite-none = No open invitations.
invite-status = Status
invite-expires = Expires
invite-resend = Resend
invite-revoke = Revoke
invite-confirm_revoke = Revoke the invitation for { $email }? The link in the email stops working.
invite-title = Invite a team member
invite-hint = We email a sign-up link. It can be used once and expires in 7 days.
invite-send = Send invitation
invite-already_member = This person is already a member.
invite-sent = Invitation sent to { $email }.
invite-resent = A new invitation was sent to { $email }; the previous link no longer works.
invite-revoked = The invitation for { $email } was revoked.
invite-link_invalid = This invitation link is not valid. Copy the whole link from the email, or ask for a new invitation.
invite-link_used = This invitation has already been used. Sign in to continue.
invite-link_expired = This invitation has expired. Ask the person who invited you to send a new one.
invite-link_revoked = This invitation was withdrawn. Ask the organisation for a new one if you need access.
invite-accept_title = Invitation
invite-accept_heading = Join { $org } on knxdesk
invite-accept_body = { $inviter } invited you as { $role }.
invite-signed_in_as = You are signed in as { $email }; you will join with this account.
invite-accept = Accept invitation
invite-sign_in_first = { $email } already has an account. Sign in to accept the invitation.
invite-create_and_join = Create account and join
invite-joined = Welcome to { $org }!
invite-account_exists = This email already has an account. Sign in to accept the invitation.
invite-state-not_invited = not invited
invite-state-pending = pending
invite-state-accepted = accepted
invite-state-expired = expired
invite-state-revoked = revoked

## role
role-administrator = Administrator
role-moderator = Moderator
role-member = Member
role-owner = Customer (owner)
role-customer_administrator = Customer administrator
role-customer_moderator = Customer moderator
role-customer_member = Customer member

## role_help
role_help-administrator = Everything: projects, customers and their invitations, members, organisation settings.
role_help-moderator = Projects, ETS files and customers, including deleting customers and managing their invitations; not members or settings.
role_help-member = Projects, ETS files and customer records (create and edit); cannot delete customers or invite them.
role_help-owner = Sees their own linked projects read-only, downloads ETS files.
role_help-customer_administrator = Sees their company's projects and manages the company's own users.
role_help-customer_moderator = Sees their company's projects and may change the status of its service cases.
role_help-customer_member = Sees their company's projects, opens and comments on service cases.

## settings
settings-time_zone = Time zone
settings-time_zone_hint = Times are shown in this zone.
settings-time_zone_inherit = Same as the organisation ({ $zone })
settings-org_time_zone = Time zone
settings-org_time_zone_hint = Times for your team and customers, unless someone chooses their own in their profile.
settings-contact = Contact for your customers
settings-contact_hint = Shown to your customers on every page of their portal, so they know how to reach you.
settings-website = Website
settings-logo = Logo
settings-no_logo = No logo yet. Your customers see it in their portal.
settings-logo_file = Image file
settings-logo_hint = PNG, JPEG or WebP, at most 1 MB.
settings-logo_upload = Upload logo
settings-logo_remove = Remove logo
settings-logo_confirm_remove = Remove the logo? Your customers will see your name only.
settings-logo_saved = The logo is saved.
settings-logo_removed = The logo is removed.
settings-logo_missing = Choose an image file first.
settings-logo_too_large = The logo is larger than 1 MB. Make it smaller and upload it again.
settings-logo_invalid = This file is not a PNG, JPEG or WebP image.
settings-profile = Profile
settings-security = Security
settings-organisation = Organisation
settings-language = Language
settings-saved = Saved.
settings-change_password = Change password
settings-current_password = Current password
settings-sessions = Sessions
settings-sessions_count = You are signed in on { $count ->
        [one] one device or browser
       *[other] { $count } devices or browsers
    }.
settings-confirm_signout_all = Sign out on every device, including this one?
settings-signout_all = Sign out everywhere
settings-password_changed = Password changed. Your other sessions were signed out.
settings-signed_out_everywhere = You were signed out on every device.
settings-org_language = Default language
settings-org_language_hint = Used for emails to people who have not chosen a language, such as invitations.

## dashboard
dashboard-your_cases = Your open cases
dashboard-report_problem = Report a problem
dashboard-all_cases = All your cases
dashboard-getting_started = Getting started
dashboard-getting_started_hint = A few steps to a working organisation; this list goes away once they are done.
dashboard-step_org = Create the organisation
dashboard-step_customer = Add your first customer
dashboard-step_project = Create a project
dashboard-step_ets = Upload an ETS project file
dashboard-step_team = Invite a colleague
dashboard-step_contact = Enter your contact and logo for the customer portal
dashboard-step_done = done
dashboard-portal_title = Your building portal
dashboard-portal_intro = { $org } shares the projects of { $customer } with you: rooms, devices, group addresses and ETS files, read-only.
dashboard-your_projects = Your projects
dashboard-all_projects = All your projects
dashboard-title = Dashboard
dashboard-projects = Projects
dashboard-customers = Customers
dashboard-members = Team members
dashboard-open_cases = Open cases
dashboard-activity = Recent activity
dashboard-no_activity = Nothing has happened yet. Invite your team to get started.

## activity
activity-case_created = { $actor } opened the case { $subject }
activity-case_updated = { $actor } changed the case { $subject }
activity-case_status_changed = { $actor } moved the case { $subject }
activity-case_commented = { $actor } commented on the case { $subject }
activity-case_noted = { $actor } added an internal note to the case { $subject }
activity-customer_access_removed = { $actor } removed the portal access of { $subject }
activity-customer_invited = { $actor } invited the customer { $subject } to the portal
activity-customer_invitation_resent = { $actor } resent the portal invitation of { $subject }
activity-customer_invitation_revoked = { $actor } revoked the portal invitation of { $subject }
activity-customer_joined = { $actor } joined the customer portal ({ $subject })
activity-ets_uploaded = { $actor } uploaded { $subject }
activity-customer_created = { $actor } added the customer { $subject }
activity-customer_updated = { $actor } changed the customer { $subject }
activity-customer_deleted = { $actor } deleted the customer { $subject }
activity-project_created = { $actor } created the project { $subject }
activity-project_updated = { $actor } changed the project { $subject }
activity-project_status_changed = { $actor } changed the status: { $subject }
activity-project_customer_linked = { $actor } linked a customer: { $subject }
activity-project_customer_unlinked = { $actor } unlinked the customer: { $subject }
activity-org_created = { $actor } created the organisation { $subject }
activity-member_role_changed = { $actor } changed a role: { $subject }
activity-member_removed = { $actor } removed { $subject }
activity-owner_changed = { $actor } handed ownership to { $subject }
activity-member_invited = { $actor } invited { $subject }
activity-invitation_resent = { $actor } resent the invitation to { $subject }
activity-invitation_revoked = { $actor } revoked the invitation to { $subject }
activity-member_joined = { $actor } joined ({ $subject })
activity-org_settings_changed = { $actor } changed the organisation settings

## mail
mail-unsubscribe = Stop these emails
mail-case_notification-subject = [{ $org }] { $case }
mail-case_notification-heading = { $what }
mail-case_notification-body = { $detail }
mail-case_notification-button = Open the case
mail-project_notification-subject = [{ $org }] { $project }
mail-project_notification-heading = { $what }
mail-project_notification-body = { $detail }
mail-project_notification-button = Open the devices
mail-footer = You receive this email because of an action on knxdesk. If it was not you, you can ignore it.
mail-account_exists-subject = You already have a knxdesk account
mail-account_exists-heading = You already have an account
mail-account_exists-body =
    Someone (probably you) tried to sign up with this address, but it already has an account.

    If you forgot your password, you can reset it on the sign-in page.
mail-account_exists-button = Sign in
mail-confirm_signup-subject = Confirm your knxdesk account
mail-confirm_signup-heading = Welcome, { $name }
mail-confirm_signup-body = Please confirm your email address to finish creating your account. The link is valid for 24 hours.
mail-confirm_signup-button = Confirm email
mail-password_reset-subject = Reset your knxdesk password
mail-password_reset-heading = Reset your password
mail-password_reset-body =
    Hello { $name },

    use the link below to choose a new password. It is valid for one hour and can be used once.
mail-password_reset-button = Choose a new password
mail-customer_invitation-subject = { $org } invites you to your customer portal
mail-customer_invitation-heading = Your projects at { $org }
mail-customer_invitation-body =
    { $inviter } of { $org } invited you to the customer portal of { $customer } on knxdesk: you can see your building's rooms, devices and group addresses and download its ETS files.

    The link can be used once and expires in 7 days.
mail-customer_invitation-button = Create your access
mail-staff_invitation-subject = { $inviter } invited you to { $org } on knxdesk
mail-staff_invitation-heading = Join { $org }
mail-staff_invitation-body =
    { $inviter } invited you to join { $org } on knxdesk as { $role }.

    The link can be used once and expires in 7 days.
mail-staff_invitation-button = Accept invitation

## customers
customers-title = Customers
customers-add = Add customer
customers-new = New customer
customers-edit = Edit customer
customers-search = Search name, company, email, phone
customers-empty = No customers yet. Add the building owners you work for; give them an email to invite them to the portal later.
customers-no_match = No customer matches “{ $q }”.
customers-company = Company
customers-projects = Projects
customers-projects_of = Projects of { $name }
customers-invite = Invite
customers-kind = Kind
customers-person = Person
customers-company_kind = Company
customers-address = Address
customers-name_hint = Typically “Firstname Lastname” or the company name.
customers-email_hint = Optional. Needed to invite the customer to the portal.
customers-created = Customer { $name } added.
customers-updated = Customer { $name } saved.
customers-deleted = Customer { $name } deleted.
customers-has_projects = { $name } still has { $count ->
        [one] a linked project: unlink it first.
       *[other] { $count } linked projects: unlink them first.
    }
customers-confirm_delete = Delete the customer { $name }? Their portal users lose access to this organisation; their accounts stay.

## projects
projects-portal_empty = No project is shared with you yet. Your integrator links your projects to you.
projects-title = Projects
projects-new = New project
projects-edit = Edit project
projects-search = Search name, building, description
projects-empty = No projects yet. Create one for each KNX installation.
projects-no_match = No project matches your search.
projects-all = Show all projects
projects-of_customer = Projects of { $name }
projects-customer = Customer
projects-no_customer = — No customer —
projects-bad_customer = Choose a customer of this organisation.
projects-building = Building
projects-building_address = Building address
projects-description = Description
projects-no_description = No description yet.
projects-status_label = Status
projects-any_status = Any status
projects-change_status = Change status
projects-bad_status = Choose active, completed or archived.
projects-status_changed = Status changed.
projects-updated = Last change
projects-created = Project { $name } created.
projects-activity = Activity
projects-open_customer = Open customer
projects-unlink = Unlink customer
projects-confirm_unlink = Unlink { $name } from this project? Their portal users lose access to it.
projects-confirm_link = Link { $name } to this project? Their portal users will see it, read-only, with its ETS files.
projects-confirm_relink = Link { $name } instead of { $current }? { $current }'s portal users lose access to this project; { $name }'s will see it.
projects-no_customer_yet = No customer is linked to this project.
projects-find_customer = Find a customer
projects-no_customers_found = No customer found.
projects-link = Link
projects-customer_linked = { $name } is now this project's customer.
projects-customer_unlinked = { $name } was unlinked.
projects-overview = Overview
projects-rooms_devices = Rooms & devices
projects-sections = Project sections
projects-status-active = Active
projects-status-completed = Completed
projects-status-archived = Archived

## ets
ets-upload_failed = The upload was interrupted (the connection dropped or the server refused it). Nothing was stored; try again.
ets-error-not_a_zip = This file is not a ZIP archive. A .knxproj exported by ETS is one: export the project again.
ets-error-corrupt = The file is damaged or was cut off during the upload. Export it again and upload the new file.
ets-error-unsafe_entry = The file contains unsafe entry names and was not read.
ets-error-too_large = The file unpacks to far more than an ETS project would and was not read (it may be a ZIP bomb).
ets-error-project_not_found = No ETS project was found inside the file. Export the project from ETS (Project › Export).
ets-error-password_required = The project is password-protected. Enter the project password below.
ets-error-wrong_password = The project password is wrong. Enter it again below.
ets-error-unsupported_schema = This ETS version's file format is not supported yet (ETS 4, 5 and 6 are).
ets-error-malformed_xml = The project's data inside the file is malformed. Export it again from ETS.
ets-error-invalid_data = The project contains data that could not be read. Export it again from ETS.
ets-error-io = The stored file could not be read. Try the upload again.
ets-error-output = The result could not be stored. Try the upload again.
ets-error-unknown = The file could not be read.
ets-error_detail = Technical detail
ets-ga_tree = Group structure
ets-all_group_addresses = All group addresses
ets-whole_main_group = The whole main group
ets-all_devices = All devices
ets-diff_summary = Summary of the changes
ets-title = ETS files
ets-file = ETS project file (.knxproj)
ets-file_hint = ETS 4, 5 or 6, up to { $mb } MB. Every upload becomes a new version.
ets-comment = Comment
ets-password = Project password
ets-password_hint = Only for password-protected projects. Kept encrypted until the file is read, then deleted.
ets-upload = Upload
ets-uploading = Uploading…
ets-none = No ETS file yet. Upload the project's .knxproj to see its devices and group addresses.
ets-version = Version
ets-size = Size
ets-uploaded_by = Uploaded
ets-devices = Devices
ets-group_addresses = Group addresses
ets-versions = ETS versions
ets-counts = { $devices } devices, { $gas } group addresses
ets-retry = Read again
ets-enter_password = Enter the project password.
ets-retrying = The file is read again with the new password.
ets-uploaded = Version v{ $version } ({ $name }) uploaded; it is being read.
ets-upload_broken = The upload was interrupted or damaged. Please try again.
ets-too_large = The file is larger than 200 MB and was not stored.
ets-no_file = Choose a .knxproj file to upload.
ets-comment_public = Show the comment to the customer
ets-comment_shown = customer sees it
ets-comment_internal = internal
ets-not_knxproj = { $name } is not a .knxproj file. Export the project from ETS and upload that file.
ets-not_zip = { $name } is not a valid .knxproj (it is not a ZIP archive).
ets-comment_too_long = The comment may have at most 500 characters.
ets-download_original = Original file (link valid 15 minutes)
ets-link_expired = This download link has expired or is not valid for you (links work for 15 minutes, for the person who opened them).
ets-download_again = Download again
ets-not_ready = This version has not been read yet.
ets-search_gas = Search address, name, description, DPT
ets-search_devices = Search address, name, product, room
ets-no_model = Nothing here yet: upload an ETS file on the Overview tab.
ets-address = Address
ets-manufacturer = Manufacturer
ets-product = Product
ets-order_number = Order number
ets-room = Room
ets-building_structure = Building structure
ets-device_count = { $count ->
        [one] 1 device
       *[other] { $count } devices
    }
ets-objects = Communication objects
ets-no_objects = No linked communication objects.
ets-function = Function
ets-flags = Flags
ets-rooms = Rooms
ets-diff_title = Changes from v{ $from } to v{ $to }
ets-diff_none = No changes.
ets-diff_added = added
ets-diff_removed = removed
ets-diff_changed = changed
ets-diff_from = From
ets-diff_to = To
ets-diff_show = Compare versions
ets-diff_pick_two = Pick two different versions to compare.
ets-field-name = Name
ets-field-product = Product
ets-field-order_number = Order number
ets-field-manufacturer = Manufacturer
ets-field-application = Application program
ets-field-description = Description
ets-field-dpt = Datapoint type
ets-field-data_secure = Data Secure
ets-field-comment = Comment
ets-field-space_type = Type
ets-field-usage = Usage
ets-field-number = Number
ets-field-devices = Devices
ets-space-building = Building
ets-space-building_part = Building part
ets-space-floor = Floor
ets-space-room = Room
ets-space-corridor = Corridor
ets-space-stairway = Stairway
ets-space-distribution_board = Distribution board
ets-space-area = Area
ets-space-segment = Segment
ets-space-cabinet = Cabinet
ets-status-queued = queued
ets-status-parsing = reading…
ets-status-ready = ready
ets-status-failed = failed

## portal
portal-your_integrator = Your integrator
portal-no_contact = Your integrator has not entered contact details yet.

## audit
audit-title = Activity log
audit-export = Export CSV
audit-filters = Filters
audit-who = Who
audit-anyone = Anyone
audit-kind_label = Kind
audit-any_kind = Any kind
audit-kind-projects = Projects and ETS files
audit-kind-service = Service cases
audit-kind-customers = Customers and their portal
audit-kind-team = Team and invitations
audit-kind-organisation = Organisation
audit-project = Project
audit-any_project = Any project
audit-from = From
audit-to = To
audit-apply = Apply
audit-reset = Reset
audit-when = When
audit-what = What
audit-empty = Nothing matches these filters.

## search
search-title = Search
search-label = Search this organisation
search-placeholder = Search…
search-type_to_search = Type a name, an address like 1/2/3 or 1.1.5, a product or an email.
search-nothing_found = Nothing matches “{ $query }”.
search-nothing_found_hint = Search finds words that begin with what you type: “hub” finds “Huber”.
search-projects = Projects
search-customers = Customers
search-devices = Devices
search-group_addresses = Group addresses
search-members = Members
search-cases = Service cases
search-show_all = Show all in the list
search-refine = More match: add a word to narrow the search.
search-all_results = All results
search-results_count = { $count ->
    [0] No results
    [one] 1 result
   *[other] { $count } results
}

## service
service-title = Service
service-board = Board
service-list = List
service-new = New case
service-search = Title, number or device
service-status_label = Status
service-status-open = Open
service-status-in_progress = In progress
service-status-resolved = Resolved
service-status-closed = Closed
service-status-active = Open and in progress
service-status-all = All cases
service-priority_label = Priority
service-priority-low = Low
service-priority-medium = Medium
service-priority-high = High
service-priority-critical = Critical
service-any_priority = Any priority
service-assignee = Assignee
service-anyone = Any assignee
service-assigned_to_me = Assigned to me
service-unassigned = Unassigned
service-project = Project
service-any_project = Any project
service-customer = Customer
service-due = Due date
service-any_due = Any due date
service-has_due = With a due date
service-overdue = Overdue
service-sort_label = Sort by
service-sort-updated = Last change
service-sort-created = Newest
service-sort-number = Number
service-sort-priority = Priority
service-sort-due = Due date
service-apply = Apply
service-clear_filters = Clear filters
service-case = Case
service-updated = Last change
service-no_match = No cases match these filters.
service-empty = No open cases. When something breaks in one of your installations, open a case for it here.
service-portal_empty = You have no open cases. If something does not work in your building, tell us here.
service-project_empty = No open cases on this project.
service-board_hint = Drag a card to another column, or use its “Move” menu.
service-move_to = Move to
service-move = Move
service-show_all_n = Show all { $count }
service-column_empty = No cases here.
service-no_projects = There is no project to open a case on yet.
service-continue = Continue
service-other_project = choose another project
service-title_label = Title
service-device = Device
service-no_device = No particular device
service-description = Description
service-markdown_hint = Markdown works: **bold**, lists, links.
service-open_case = Open case
service-confirm_prompt = This case has been resolved. Does everything work again? Confirm to close it, or reopen it if the problem is still there.
service-opened_by = Opened by { $name } on { $when }
service-no_description = No description.
service-timeline = Timeline
service-timeline_empty = No comments or changes yet.
service-internal = Internal
service-edited = edited
service-comment = Comment
service-confirm_delete_comment = Delete this comment? This cannot be undone.
service-add_comment = Add a comment
service-comment_hint_staff = Public comments are seen by the customer; internal notes only by your team.
service-comment_hint_customer = Your integrator is told about your comment.
service-add_internal = Add internal note
service-add_public = Comment publicly
service-send = Send
service-details = Details
service-edit_case = Edit case
service-move-reopen = Reopen
service-move-open = Back to open
service-move-in_progress = Start work
service-move-resolved = Resolve
service-move-closed = Close
service-choose_project = Choose one of your projects.
service-bad_device = Choose a device of this project.
service-bad_priority = Choose a priority from the list.
service-bad_assignee = Choose a member of your team.
service-bad_due = Enter a date such as 2026-12-24.
service-bad_status = That status does not exist.
service-bad_move = A case cannot move from “{ $from }” to “{ $to }”.
service-changed_meanwhile = Someone changed this case meanwhile; look at it again.
service-created = Case #{ $number } opened.
service-nothing_changed = Nothing changed.
service-saved = Case saved.
service-moved = Case #{ $number } is now “{ $status }”.
service-comment_added = Comment added.
service-comment_refused = The comment was not saved: { $reason }
service-comment_edited = Comment saved.
service-comment_deleted = Comment deleted.
service-event-status = { $actor } changed the status from { $old } to { $new }
service-event-priority = { $actor } changed the priority from { $old } to { $new }
service-event-title = { $actor } renamed the case from “{ $old }”
service-event-description = { $actor } edited the description
service-event-assignee = { $actor } assigned { $new } instead of { $old }
service-event-assignee_set = { $actor } assigned { $new }
service-event-assignee_cleared = { $actor } removed the assignee { $old }
service-event-due = { $actor } moved the due date from { $old } to { $new }
service-event-due_set = { $actor } set the due date to { $new }
service-event-due_cleared = { $actor } removed the due date
service-event-device = { $actor } changed the device from { $old } to { $new }
service-event-device_set = { $actor } set the device to { $new }
service-event-device_cleared = { $actor } removed the device { $old }
service-templates = Templates
service-templates_hint = Templates are your team's: recurring cases with their steps. Customers never see them or the checklists.
service-templates_empty = No templates yet. Create one for the cases you open again and again, such as an annual inspection.
service-n_items = { $count ->
    [one] 1 checklist item
   *[other] { $count } checklist items
}
service-use_template = New case
service-confirm_delete_template = Delete the template “{ $name }”? Cases opened from it keep their checklists.
service-edit_template = Edit template
service-new_template = New template
service-template_name = Name
service-checklist = Checklist
service-checklist_hint = One item per line, at most 50.
service-too_many_items = At most { $max } items.
service-template_saved = Template “{ $name }” saved.
service-template_deleted = Template “{ $name }” deleted.
service-from_template = From a template
service-no_template = No template
service-from_template_named = Filled in from the template “{ $name }”.
service-tick = Tick “{ $item }”
service-untick = Untick “{ $item }”
service-event-checked = { $actor } ticked “{ $new }”
service-event-unchecked = { $actor } unticked “{ $new }”

## notifications
notifications-title = Notifications
notifications-bell_unread = { $count ->
    [one] Notifications: 1 unread
   *[other] Notifications: { $count } unread
}
notifications-unread = Unread
notifications-mark_all_read = Mark all as read
notifications-all_read = All notifications are marked as read.
notifications-empty = Nothing new. You hear here of the cases that concern you.
notifications-settings = Notifications
notifications-choose = Notification settings
notifications-settings_hint = Choose what you hear of, in the app and by email. Everything is on until you switch it off.
notifications-event_label = When
notifications-channel-in_app = In the app
notifications-channel-email = By email
notifications-saved = Notification settings saved.
notifications-event-case_created = A case is opened
notifications-event-assigned = A case is assigned to me
notifications-event-status_changed = A case's status changes
notifications-event-public_comment = Someone comments on a case
notifications-event-internal_comment = A colleague adds an internal note
notifications-event-devices_changed = The devices of a project change
notifications-event-codes_changed = The service codes of a project change
notifications-said-case_created = { $actor } opened { $case }
notifications-said-assigned = { $actor } assigned { $case } to you
notifications-said-status_changed = { $actor } changed the status of { $case }
notifications-said-public_comment = { $actor } commented on { $case }
notifications-said-internal_comment = { $actor } added an internal note to { $case }
notifications-said-devices_changed = { $actor } changed the devices of { $case }
notifications-said-codes_changed = { $actor } changed the service codes of { $case }
notifications-detail-version_imported = Version { $version } imported: { $added } added, { $removed } removed, { $total ->
    [one] 1 device
   *[other] { $total } devices
} in all.
notifications-detail-equipment_added = { $name } was added by hand.
notifications-detail-equipment_removed = { $name } was removed.
notifications-detail-codes_created = { $count ->
    [one] 1 service code was created.
   *[other] { $count } service codes were created.
}
notifications-detail-code_paired = Service code { $code } now belongs to { $device }.
notifications-detail-code_deactivated = Service code { $code } of { $device } was deactivated.
notifications-unsubscribe_title = Email notifications
notifications-unsubscribe_question = Stop emails for “{ $event }”? You can switch them on again in your settings.
notifications-unsubscribe_button = Stop these emails
notifications-unsubscribed = You get no more emails for “{ $event }”.
service-watch = Watch
service-unwatch = Stop watching
service-watch_hint = Watchers hear of every comment and change.
service-watch_project = Watch new cases
service-watch_project_hint = Hear of every case opened on this project.
service-watching = You watch this case.
service-not_watching = You no longer watch this case.
service-watching_project = You will hear of every new case on this project.
service-not_watching_project = You no longer hear of new cases on this project.
service-attach_files = Attach photos or files
service-files = Files
service-files_hint = Photos, PDFs or logs; up to 10 files of 25 MB each.
service-files_note = Note (optional)
service-attach_internal = Attach internally
service-attach_public = Attach for the customer too
service-file_size_kb = { $size } KB
service-files_added = { $count ->
    [one] 1 file attached.
   *[other] { $count } files attached.
}
service-file_too_large = { $name } is larger than { $max } MB: nothing was attached.
service-file_empty = { $name } is empty: nothing was attached.
service-too_many_files = At most { $max } files at once: nothing was attached.
service-no_files = Choose at least one file.
service-upload_broken = The upload broke off. Try again.
service-event-auto_closed = Closed by itself after { $new } days without an answer
service-device_cases = Open service cases
service-new_on_device = Report a problem
service-device_no_cases = No open cases on this device.
settings-service = Service
settings-new_case_recipients = Who hears of every new case
settings-recipients-staff = The whole team
settings-recipients-administrators = Administrators only
settings-recipients-watchers = Only those who watch the project
settings-new_case_hint = Whoever watches a project hears of its new cases in any case.
settings-auto_close_days = Days until a resolved case closes by itself
settings-auto_close_hint = A resolved case waits for the customer to confirm; 0 keeps it waiting.
settings-days_range = Enter a number from 0 to { $max }.
settings-saved_service = Service settings saved.

## Service codes (D2, D3)
codes-title = Service code
codes-none = This device has no service code yet. A code is a QR label for the device: whoever scans it sees the device and how to reach you.
codes-create = Create a service code
codes-create_all = Create service codes for all devices
codes-create_all_hint = Devices that have a code keep it.
codes-created = Service code { $code } created.
codes-created_n = { $count ->
    [0] Every device has a service code already.
    [one] 1 service code created.
   *[other] { $count } service codes created.
}
codes-exists = This device has the service code { $code }.
codes-deactivated = Service code { $code } deactivated: its label now opens a page that says it is not in use.
codes-deactivate = Deactivate
codes-confirm_deactivate = Deactivate this code? Its printed label stops working; a new code needs a new label.
codes-hint = Printed on the label as a QR code and as text; the address never changes.
codes-download_png = QR as PNG
codes-download_svg = QR as SVG
codes-qr_alt = QR code of service code { $code }
codes-public_title = Device
codes-unknown_title = This code is not in use
codes-unknown_text = Check the code on the label. If it is right, the code has been switched off: please contact the company that installed the device.
codes-product = Product
codes-room = Room
codes-installed_by = Installed and serviced by
codes-open_cases = Known problems being worked on
codes-no_open_cases = No open problems are known for this device.
codes-contact = Report a problem to { $org }
codes-call = Call { $phone }
codes-write = Write to { $email }
codes-no_contact = { $org } has not entered contact details yet.
activity-code_created = { $actor } created the service code of { $subject }
activity-codes_created = { $actor } created service codes for { $subject }
activity-code_deactivated = { $actor } deactivated the service code { $subject }
codes-what_happened = What is wrong?
codes-what_happened_hint = For example: "The blind in the kitchen does not go down any more."
codes-your_name = Your name
codes-your_email = Your email
codes-your_phone = Your phone number
codes-report_hint = { $org } gets your report with this device filled in and calls or writes back if you leave a number or an address.
codes-send_report = Send the report
codes-reported = { $number ->
    [0] Thank you, your report has been sent.
   *[other] Thank you, your report has been sent as case #{ $number }.
}
codes-too_many = Too many reports from here in a short time. Please try again in an hour or call.
codes-a_visitor = Someone at the device
activity-case_reported = Someone at the device reported the case { $subject }
service-reported_by = Reported by { $name } at the device's label on { $when }
service-reported_at_device = Reported at the device's label on { $when }
service-call_back = Call back
codes-print = Print labels
codes-stock = Labels
codes-stock-a4_3x8 = A4 sheet, 3 × 8 (70 × 37 mm)
codes-stock-a4_2x7 = A4 sheet, 2 × 7 (99.1 × 38.1 mm)
codes-stock-tape_62 = Label printer, 62 mm tape
codes-margin_top = Top margin (mm)
codes-margin_left = Left margin (mm)
codes-margin_default = as the sheet
codes-download_labels = Download the labels (PDF)
codes-no_labels = No service codes to print yet: create them first.

## The organisation's devices (D1)
devices-title = Devices
devices-filters = Filter the devices
devices-search = Search devices (name, address, product)
devices-project = Project
devices-all_projects = All projects
devices-customer = Customer
devices-all_customers = All customers
devices-code = Service code
devices-code_any = With or without code
devices-code_yes = With a service code
devices-code_no = Without a service code
devices-with_open_cases = With open cases
devices-clear = Clear filters
devices-by_manufacturer = Devices by { $name }
devices-no_match = No devices match these filters.
devices-empty = No devices yet: they come from the projects' ETS files.
devices-service = Service
devices-has_code = Code
devices-open_cases = { $count ->
    [one] 1 open case
   *[other] { $count } open cases
}
service-text_too_long = A text is longer than { $max } characters: nothing was sent.
service-not_a_photo = { $name } is not a photo (PNG, JPEG, GIF or WebP): nothing was sent.
service-report_photos = Photos sent with the report
codes-photos = Photos (optional)
codes-photos_hint = Up to 5 photos of 25 MB each, straight from the phone's camera.
codes-email_hint = Leave your email address to get a private link: follow the case there, reply, and get an email when it changes.
codes-reported_follow = Thank you, your report has been sent as case #{ $number }. We sent you an email with a link to follow it.
codes-follow-title = Your report
codes-follow-at_org = Your report to { $org }
codes-follow-your_report = What you reported
codes-follow-what_happened = What has happened since
codes-follow-nothing_yet = { $org } has your report. Replies and changes appear here, and you get an email for each.
codes-follow-reply = Reply or add something
codes-follow-reply_hint = { $org } sees your reply on the case.
codes-follow-send_reply = Send
codes-follow-closed = This case is closed. If the problem comes back, report it again at the device's label.
codes-follow-empty = Write something or choose a photo.
codes-follow-photos_sent = { $count ->
    [one] Sent a photo.
   *[other] Sent { $count } photos.
}
codes-follow-replied = Your reply has been sent.
codes-follow-mails = Emails about this case
codes-follow-mails_are_on = You get an email for every reply and every change of status.
codes-follow-mails_are_off = You get no emails about this case; this page still shows everything.
codes-follow-stop_mails = Stop the emails
codes-follow-start_mails = Email me again
codes-follow-mails_on = You will get emails about this case again.
codes-follow-mails_off = No more emails about this case. This page keeps working.
codes-follow-status_now = The status is now: { $status }
codes-follow-link_active = The reporter follows this case by a private link and gets its public comments and status changes at { $email }.
codes-follow-link_quiet = The reporter follows this case by a private link ({ $email }) and has switched its emails off.
codes-follow-link_revoked = The reporter's private link has been revoked.
codes-follow-revoke = Revoke the reporter's link
codes-follow-confirm_revoke = Revoke the reporter's private link? Its page stops working and no more emails go out. This cannot be undone.
codes-follow-revoked = The reporter's link has been revoked.
activity-case_reporter_replied = The reporter replied on the case { $subject }
activity-reporter_link_revoked = { $actor } revoked the reporter's link of the case { $subject }
mail-report_received-subject = [{ $org }] Your report { $case }
mail-report_received-heading = Thank you for your report
mail-report_received-body =
    { $org } has your report { $case }.

    Follow it with the link below: you can reply there and add photos, and you get an email when someone replies or its status changes. Keep the link to yourself: whoever has it can read and reply.
mail-report_received-button = Follow your report
mail-report_update-subject = [{ $org }] { $case }
mail-report_update-heading = { $what }
mail-report_update-body =
    { $detail }

    You can reply on the page of your report, and switch these emails off there.
mail-report_update-button = Open your report
codes-page_title = Service codes
codes-count_paired = on devices
codes-count_unpaired = waiting for a device
codes-count_inactive = deactivated
codes-batch_title = Labels before the devices are known
codes-batch_hint = Print a roll of codes that are not paired yet and stick them on during installation; then scan each with your phone while signed in, and pair it with its device.
codes-batch_count = Number of codes
codes-batch_create = Create unpaired codes
codes-batch_count_invalid = Enter a number from 1 to { $max }.
codes-no_batches = No batches yet.
codes-batch = Batch
codes-batch_created_at = Created
codes-batch_total = Codes
codes-batch_created = { $count ->
    [one] Batch #{ $batch } with 1 code created: download its label below.
   *[other] Batch #{ $batch } with { $count } codes created: download its labels below.
}
codes-label_unpaired = Scan to pair
codes-pair_title = Pair a label
codes-pair_hint = Scan a label with your phone while signed in, or type its code here.
codes-pair_code = Code on the label
codes-pair_next = Continue
codes-pair_now_at = This code is on the device
codes-pair_move_hint = Pairing it with another device moves it there; the label's address stays the same.
codes-pair_unpaired = This code is not paired with a device yet. Choose the device its label is stuck on.
codes-pair_choose_project = Choose a project
codes-pair_show_devices = Show its devices
codes-pair_device = Device
codes-pair_choose_device = Choose a device
codes-pair_replaces = If the device has a code already, that code is deactivated: a device has one label.
codes-pair_submit = Pair
codes-pair_unknown = None of your service codes has this value. Check the code on the label.
codes-paired = Service code { $code } paired with this device.
codes-paired_replacing = Service code { $code } paired with this device; its previous code { $old } is deactivated.
codes-inactive_scanned = Service code { $code } is deactivated: for everyone else its label opens the "not in use" page.
codes-move = Move to another device
codes-pair_printed = Pair a printed label instead
activity-code_batch_created = { $actor } created the batch of service codes { $subject }
activity-code_paired = { $actor } paired the service code { $subject }
common-language = Language
codes-pin = PIN
codes-pin_prompt = Service technician? Enter the PIN
codes-pin_enter = Show the details
codes-pin_wrong = That is not the PIN of this label.
codes-pin_too_many = Too many tries. Please wait a quarter of an hour, or ask the company that installed the device.
codes-pin_accepted = PIN accepted: the device's details are shown for eight hours in this browser.
codes-pro_title = For service technicians
codes-address = Individual address
codes-order_number = Order number
codes-description = Description
codes-pro_cases = Cases on this device
codes-pro_no_cases = No cases on this device yet.
codes-pin_add = Protect details with a PIN
codes-pin_protected = Protected by a PIN
codes-pin_hint = Technicians who enter the PIN on the label's page see the device's order number, communication objects with group addresses and its cases. Everyone else still sees the public page.
codes-pin_new = New PIN (4 to 8 digits)
codes-pin_save = Save the PIN
codes-pin_remove = Remove the PIN
codes-pin_set = The PIN of service code { $code } is set. Earlier entries of another PIN no longer count.
codes-pin_removed = Service code { $code } has no PIN.
codes-pin_invalid = A PIN has 4 to 8 digits.
ets-kept_title = Removed devices with cases or a service code
ets-kept_hint = These devices are no longer in the ETS project. They are kept with their cases; their codes' labels open the "not in use" page until you move them to another device.
ets-removed_in = removed in v{ $version }
equipment-title = Other equipment
equipment-none = Equipment that is not in the ETS project (a heat pump, a gateway, a visualisation server) can be added here, with its own service code and cases.
equipment-add = Add equipment
equipment-new_title = Add equipment
equipment-edit_title = Change equipment
equipment-hint = For devices that are not in the ETS project. ETS imports leave them as they are.
equipment-model = Model
equipment-serial_number = Serial number
equipment-notes = Notes
equipment-notes_hint = Access, settings, maintenance intervals: whatever the next technician needs to know. Markdown works.
equipment-room_hint = A room of the project's building, or any place ("Boiler room", "Roof").
equipment-badge = added by hand
equipment-added = { $name } added.
equipment-saved = { $name } saved.
equipment-deleted = { $name } deleted. Its service code, if it had one, is unpaired and can go on another device.
equipment-confirm_delete = Delete { $name }? Its photos are deleted; its service code becomes unpaired.
equipment-has_cases = { $count ->
    [one] { $name } has a service case: it stays with its history.
   *[other] { $name } has { $count } service cases: it stays with their history.
}
devices-photos = Photos
devices-no_photos = No photos yet. A photo of the type plate or of the cabinet saves the next technician a trip.
devices-add_photos = Add photos
devices-upload_photos = Upload
devices-photos_added = { $count ->
    [one] Photo added.
   *[other] { $count } photos added.
}
devices-photo_deleted = Photo deleted.
devices-confirm_delete_photo = Delete this photo?
activity-equipment_added = { $actor } added the equipment { $subject }
activity-equipment_changed = { $actor } changed the equipment { $subject }
activity-equipment_deleted = { $actor } deleted the equipment { $subject }
activity-device_photos_added = { $actor } added photos of a device ({ $subject })
company-title = Company users
company-back = Back to the customer
company-add = Add invitation
company-add_hint = Each person of the company gets their own login, with a role of this customer and their own language. They see only this company's projects, devices and service cases.
company-first_name = First name
company-last_name = Last name
company-language = Language
company-language_hint = The invitation and every later email are in this language.
company-role = Role
company-create = Create
company-invitations = Invitations
company-no_invitations = No one of this company is invited yet.
company-state = State
company-resend = Resend
company-confirm_delete = Delete the invitation of { $name }? The link stops working.
company-confirm_delete_access = Delete the invitation of { $name }? They lose access to this company's projects at once; their account stays.
company-users = Users of this company
company-users_hint = Everyone of this company who can sign in, including those their administrators added themselves.
company-no_users = No one of this company has joined yet.
company-email_taken = This address already belongs to someone in your organisation: one account has one role here.
company-already_invited = This address has an open invitation already: resend it instead.
company-invited = Invitation sent to { $email }.
company-already_joined = { $email } has joined already.
company-resent = A new invitation was sent to { $email }; the previous link no longer works.
company-deleted = The invitation of { $email } is deleted.
company-deleted_access = The invitation of { $email } is deleted, and with it their access.
company-module = Customer Login
company-on = on
company-off = off
company-switch_on = Switch on
company-switch_off = Switch off
company-module_on = The Customer Login module is on for this organisation.
company-module_off = The Customer Login module is off for this organisation.
activity-company_user_invited = { $actor } invited { $subject }
activity-company_invitation_deleted = { $actor } deleted the invitation of { $subject }
mail-company_invitation-subject = { $inviter } invites you to { $customer } at { $org }
mail-company_invitation-heading = Hello { $name }
mail-company_invitation-body =
    { $inviter } of { $org } invites you to follow the buildings of { $customer }: its projects, devices and service cases, as { $role }.

    The link is valid for 7 days and can be used once.
mail-company_invitation-button = Accept the invitation
nav-company_users = Users
company-users_title = Our users
company-you = you
company-remove = Remove
company-confirm_remove = Remove { $name }? They can no longer sign in to this company's projects; their account stays.
company-add_user = Add a user
company-add_user_hint = They get an email: with a link to set their password, or, if they have an account already, a note that they were added.
company-add_user_submit = Add
company-user_added = { $email } added.
company-user_removed = { $name } removed.
company-role_changed = { $name } is now { $role }.
company-bad_role = Choose one of the roles shown.
activity-company_user_added = { $actor } added the user { $subject }
activity-company_user_role_changed = { $actor } changed the role of { $subject }
activity-company_user_removed = { $actor } removed the user { $subject }
mail-company_user_created-subject = { $by } added you to { $customer } at { $org }
mail-company_user_created-heading = Hello { $name }
mail-company_user_created-body =
    { $by } added you to { $customer } at { $org }, as { $role }: you see its projects, devices and service cases.

    Set your password with the link below; it is valid for 7 days.
mail-company_user_created-button = Set your password
mail-company_user_added-subject = { $by } added you to { $customer } at { $org }
mail-company_user_added-heading = Hello { $name }
mail-company_user_added-body = { $by } added you to { $customer } at { $org }, as { $role }. Sign in with your account to see its projects, devices and service cases.
mail-company_user_added-button = Open { $org }
company-promote_title = An organisation of its own
company-promote_hint = The company gets its own organisation with its name: its users become its members with matching roles (administrator, moderator, member). Your customer record, its projects and your portal for its users stay as they are.
company-asked_on = The company's administrator asked for this on { $when }.
company-promote = Make it an organisation
company-confirm_promote = Make { $name } an organisation of its own? Its users become members of it; your records stay.
company-is_promoted = This company has an organisation of its own. Your customer record, its projects and its users' access here stay as they are.
company-promoted = { $count ->
    [one] { $name } is now an organisation of its own, with 1 member.
   *[other] { $name } is now an organisation of its own, with { $count } members.
}
company-already_promoted = This company has an organisation of its own already.
company-promotion_needs_admin = The company needs an administrator of its own first: they become the new organisation's owner.
company-own_title = An organisation of your own
company-own_hint = Run your buildings in an organisation of your own: ask your integrator, who keeps your projects here and your access to them.
company-own_ask = Ask for it
company-own_confirm = Ask your integrator to make your company an organisation of its own?
company-own_asked = You asked your integrator; they will answer here.
company-own_done = Your company has an organisation of its own: find it in the organisation switcher.
company-promotion_requested = Your integrator has your request.
activity-company_promotion_requested = { $actor } asked for the company to become an organisation of its own ({ $subject })
activity-company_promoted = { $actor } made { $subject } an organisation of its own
codes-pair_inactive = Service code { $code } is deactivated and stays so (its label may be lost): create a new code for the device.
nav-kpis = Figures
dashboard_kpi-title = Service figures
dashboard_kpi-whole_org = All customers
dashboard_kpi-last_12 = the last 12 months
dashboard_kpi-csv = Download as CSV
dashboard_kpi-open = Open cases
dashboard_kpi-first_response = Median time to the first answer
dashboard_kpi-resolution = Median time to resolution
dashboard_kpi-per_month = Cases opened and resolved per month
dashboard_kpi-opened = Opened
dashboard_kpi-resolved = Resolved
dashboard_kpi-month = Month
dashboard_kpi-numbers = The numbers
dashboard_kpi-by_priority = Open cases by priority
dashboard_kpi-top_devices = Devices with the most cases
dashboard_kpi-no_devices = No cases on devices in these months.
dashboard_kpi-hours = { $count } h
dashboard_kpi-days = { $count } days
dashboard_kpi-first_response_h = Median time to the first answer (hours)
dashboard_kpi-resolution_h = Median time to resolution (hours)
dashboard_kpi-scans = Scans
dashboard_kpi-scans_per_month = Service codes scanned per month
dashboard_kpi-no_scans = No service code was scanned in these months.
