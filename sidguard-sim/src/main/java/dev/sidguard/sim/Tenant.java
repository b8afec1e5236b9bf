package dev.sidguard.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/*
 * The simulated Okta org: its host, apps (SAML apps for SSO, OIDC single-page apps whose tokens the
 * browser fetches itself), groups (ordinary and privileged), policies and the Admin Console app,
 * each with a stable Okta id drawn from the seed.
 */
final class Tenant {
  static final String ORG = "acme.okta.com";
  static final List<String> PRIVILEGED_GROUPS = List.of("Okta Administrators", "Super Administrators",
      "Production Admins");

  record App(String id, String name, String slug, boolean oidc) {}

  record Group(String id, String name) {}

  final List<App> saml = new ArrayList<>();
  final List<App> oidc = new ArrayList<>();
  final List<Group> groups = new ArrayList<>();
  final List<Group> privileged = new ArrayList<>();
  final App dashboard;
  final App adminConsole;
  final App ciClient;
  final String adminConsoleUserId;
  final String signOnPolicy;
  final String signOnRule;
  final String authServer;
  final String passwordEnrollment;
  final String oktaVerifyEnrollment;

  Tenant(long seed) {
    SplittableRandom r = new SplittableRandom(Ids.mix(seed, 0x7E7A17L));
    for (String[] a : new String[][] {{"Slack", "slack"}, {"Google Workspace", "google"},
        {"Salesforce", "salesforce"}, {"Zoom", "zoomus"}, {"Jira Cloud", "atlassian"}, {"Workday", "workday"},
        {"GitHub Enterprise Cloud", "githubcloud"}, {"Box", "boxnet"}}) {
      saml.add(new App(Ids.okta("0oa", r), a[0], a[1], false));
    }
    for (String[] a : new String[][] {{"Acme Intranet", "oidc_client"}, {"Expense Portal", "oidc_client"},
        {"Acme Status Board", "oidc_client"}}) {
      oidc.add(new App(Ids.okta("0oa", r), a[0], a[1], true));
    }
    for (String g : new String[] {"Engineering", "Sales", "Marketing", "Finance", "VPN Users", "Contractors",
        "Slack Users", "GitHub Users", "Everyone-NYC", "Everyone-London", "Interns", "Support"}) {
      groups.add(new Group(Ids.okta("00g", r), g));
    }
    for (String g : PRIVILEGED_GROUPS) {
      privileged.add(new Group(Ids.okta("00g", r), g));
    }
    dashboard = new App(Ids.okta("0oa", r), "Okta Dashboard", "okta_enduser", false);
    adminConsole = new App(Ids.okta("0oa", r), "Okta Admin Console", "saasure", false);
    ciClient = new App(Ids.okta("0oa", r), "CI Deploy Pipeline", "oidc_client", true);
    adminConsoleUserId = Ids.okta("0ua", r);
    signOnPolicy = Ids.okta("00p", r);
    signOnRule = Ids.okta("0pr", r);
    authServer = Ids.okta("aus", r);
    passwordEnrollment = Ids.okta("lae", r);
    oktaVerifyEnrollment = Ids.okta("pfd", r);
  }
}
