package io.flowpilot.stack;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point: the Camunda starters configure the engine, REST API and webapps from application.yml. */
@SpringBootApplication
public class CamundaApplication {
  public static void main(String[] args) {
    SpringApplication.run(CamundaApplication.class, args);
  }
}
